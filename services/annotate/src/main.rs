#[global_allocator]
static ALLOCATOR: herald_stream::heap::Counting = herald_stream::heap::Counting;

fn main() -> Result<(), herald_stream::StreamError> {
    herald_stream::service::main(
        "herald-annotate",
        "Herald annotate: news.articles → news.annotated (sentences, entities, places, dates, quotes)",
        include_str!("../../../config/annotate.toml"),
        herald_annotate::Annotate::new,
    )
}
