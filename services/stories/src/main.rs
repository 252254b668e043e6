#[global_allocator]
static ALLOCATOR: herald_stream::heap::Counting = herald_stream::heap::Counting;

fn main() -> Result<(), herald_stream::StreamError> {
    herald_stories::main(
        "herald-stories",
        "Herald stories: news.enriched → news.stories (articles grouped into stories across outlets)",
        include_str!("../../../config/stories.toml"),
    )
}
