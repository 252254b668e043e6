//! The allocator of every Herald binary: mimalloc, counting the bytes the program holds, so
//! that memory growth is measured exactly (`herald_heap_bytes`, `herald run`'s summary)
//! rather than read through the allocator's pages and the client library's own buffers.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicIsize, Ordering};

/// Bytes allocated and not yet freed through the global allocator. Signed: a block freed on
/// one thread can be counted before the one allocated on another.
static IN_USE: AtomicIsize = AtomicIsize::new(0);

/// mimalloc (glibc's allocator spent a fifth of the stages' time in their small
/// allocations), with the bytes in use counted. Install it in a binary with
/// `#[global_allocator] static ALLOCATOR: herald_stream::heap::Counting = herald_stream::heap::Counting;`.
pub struct Counting;

/// Bytes the program holds on the heap now (what the C libraries allocate themselves, such
/// as librdkafka's bounded queues, is not counted).
pub fn in_use() -> usize {
    IN_USE.load(Ordering::Relaxed).max(0) as usize
}

fn add(bytes: usize) {
    IN_USE.fetch_add(bytes as isize, Ordering::Relaxed);
}

fn sub(bytes: usize) {
    IN_USE.fetch_sub(bytes as isize, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to mimalloc, which upholds GlobalAlloc's
// contract; the counter is only arithmetic on the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !block.is_null() {
            add(layout.size());
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) };
        if !block.is_null() {
            add(layout.size());
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(block, layout) };
        sub(layout.size());
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { mimalloc::MiMalloc.realloc(block, layout, new_size) };
        if !moved.is_null() {
            add(new_size);
            sub(layout.size());
        }
        moved
    }
}
