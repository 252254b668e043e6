//! The wire service's own metrics, besides the runtime's (`herald_messages_produced_total`,
//! `herald_errors_total`).

/// Feed and page fetches, by result (`ok`, `not_modified`, `timeout`, `too_large`, ...).
pub const FETCHES: &str = "herald_wire_fetches_total";
/// Items taken from feeds and pushes, by outcome (`stored`, `duplicate`).
pub const ITEMS: &str = "herald_wire_items_total";
/// Items or documents rejected, by reason (`DecodeError::kind`).
pub const REJECTED: &str = "herald_wire_rejected_total";
/// Push requests, by HTTP status.
pub const PUSH_REQUESTS: &str = "herald_wire_push_requests_total";

pub fn describe() {
    metrics::describe_counter!(FETCHES, "feed and page fetches, by result");
    metrics::describe_counter!(ITEMS, "items taken, by outcome");
    metrics::describe_counter!(REJECTED, "items or documents rejected, by reason");
    metrics::describe_counter!(PUSH_REQUESTS, "push requests, by status");
}
