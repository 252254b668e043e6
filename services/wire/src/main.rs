#[global_allocator]
static ALLOCATOR: herald_stream::heap::Counting = herald_stream::heap::Counting;

fn main() -> Result<(), herald_stream::StreamError> {
    herald_wire::main(
        "herald-wire",
        "Herald wire: feeds polled and items pushed over HTTP → news.raw, each item once",
    )
}
