//! Readiness, shared by the runtime's clients and the HTTP endpoints.

use std::sync::atomic::{AtomicBool, Ordering};

use rdkafka::statistics::Statistics;

/// librdkafka's state of a broker it is connected to.
const BROKER_UP: &str = "UP";

/// Whether librdkafka's statistics show a broker connected.
pub fn broker_up(stats: &Statistics) -> bool {
    stats.brokers.values().any(|b| b.state == BROKER_UP)
}

/// Readiness, shared with the HTTP endpoints.
#[derive(Debug, Default)]
pub struct Health {
    connected: AtomicBool,
    assigned: AtomicBool,
    stopping: AtomicBool,
}

impl Health {
    /// Connected to a broker, holding partitions, and not stopping.
    pub fn ready(&self) -> bool {
        self.connected() && self.assigned.load(Ordering::Relaxed) && !self.stopping()
    }

    /// Whether a broker is reachable (a service that runs no [`run`](crate::run) sets it itself).
    pub fn set_connected(&self, up: bool) {
        self.connected.store(up, Ordering::Relaxed);
    }

    pub fn connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }

    /// Whether the service has what it needs to work (partitions, or its own state).
    pub fn set_assigned(&self, assigned: bool) {
        self.assigned.store(assigned, Ordering::Relaxed);
    }

    pub fn set_stopping(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }

    pub(crate) fn stopping(&self) -> bool {
        self.stopping.load(Ordering::Relaxed)
    }
}
