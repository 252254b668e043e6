//! Messages taken and not yet done, counted by input partition while their guards live.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use metrics::gauge;

use crate::metrics::IN_FLIGHT;

/// Messages taken and not yet done, by input partition.
#[derive(Debug, Default)]
pub(super) struct InFlight(Mutex<HashMap<i32, usize>>);

impl InFlight {
    /// Counts one message of `partition` until the returned guard is dropped.
    pub(super) fn take(self: &Arc<Self>, partition: i32) -> Counted {
        self.add(partition, 1);
        Counted {
            in_flight: Arc::clone(self),
            partition,
        }
    }

    /// Whether any of `partitions` has messages in flight.
    pub(super) fn any(&self, partitions: &[i32]) -> bool {
        let counts = self.0.lock().expect("in-flight lock");
        partitions
            .iter()
            .any(|p| counts.get(p).is_some_and(|&n| n > 0))
    }

    fn add(&self, partition: i32, n: isize) {
        let mut counts = self.0.lock().expect("in-flight lock");
        let count = counts.entry(partition).or_default();
        *count = count.saturating_add_signed(n);
        gauge!(IN_FLIGHT).increment(n as f64);
    }
}

/// One message in flight: counted from its read until its offset is stored (or it is given up).
#[derive(Debug)]
pub(super) struct Counted {
    in_flight: Arc<InFlight>,
    partition: i32,
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.in_flight.add(self.partition, -1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_counts_until_its_guard_is_dropped() {
        let in_flight = Arc::new(InFlight::default());
        let first = in_flight.take(3);
        let second = in_flight.take(3);
        assert!(in_flight.any(&[1, 3]) && !in_flight.any(&[1, 2]));
        drop(first);
        assert!(in_flight.any(&[3]));
        drop(second);
        assert!(!in_flight.any(&[3]));
    }
}
