//! The allocator of every Herald binary: mimalloc, counting the bytes the program holds, so
//! that memory growth is measured exactly (`herald_heap_bytes`, `herald run`'s summary)
//! rather than read through the allocator's pages and the client library's own buffers.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};

/// Bytes allocated and not yet freed through the global allocator, but for what the threads
/// hold back (`PENDING`). Signed: a block freed on one thread can be counted before the one
/// allocated on another.
static IN_USE: AtomicIsize = AtomicIsize::new(0);

/// How far a thread's count may drift before it is added to `IN_USE`. One shared counter
/// updated at every allocation had both cores contend for its cache line (herald run 6 %
/// slower on two threads); most allocations are freed on the thread that made them, so a
/// thread's own balance rarely reaches this.
const FLUSH_BYTES: isize = 16 * 1024;

thread_local! {
    /// This thread's allocations less its frees, not yet in `IN_USE`. A constant initializer
    /// and no destructor: reading it never allocates. What a thread holds when it exits
    /// (less than `FLUSH_BYTES`) is never counted.
    static PENDING: Cell<isize> = const { Cell::new(0) };
}

/// mimalloc (glibc's allocator spent a fifth of the stages' time in their small
/// allocations), with the bytes in use counted. Install it in a binary with
/// `#[global_allocator] static ALLOCATOR: herald_stream::heap::Counting = herald_stream::heap::Counting;`.
pub struct Counting;

/// Bytes the program holds on the heap now, within `FLUSH_BYTES` a thread (what the C
/// libraries allocate themselves, such as librdkafka's bounded queues, is not counted).
pub fn in_use() -> usize {
    IN_USE.load(Ordering::Relaxed).max(0) as usize
}

fn count(bytes: isize) {
    PENDING.with(|pending| {
        let held = pending.get() + bytes;
        if held.abs() >= FLUSH_BYTES {
            IN_USE.fetch_add(held, Ordering::Relaxed);
            pending.set(0);
        } else {
            pending.set(held);
        }
    });
}

// SAFETY: every call is forwarded unchanged to mimalloc, which upholds GlobalAlloc's
// contract; the counter is only arithmetic on the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !block.is_null() {
            count(layout.size() as isize);
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) };
        if !block.is_null() {
            count(layout.size() as isize);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(block, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { mimalloc::MiMalloc.realloc(block, layout, new_size) };
        if !moved.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        moved
    }
}
