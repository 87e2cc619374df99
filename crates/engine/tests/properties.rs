//! Properties of the event queue: whatever the pushes and the days drained, events come out in
//! (day, priority, push order) order, none is lost, and none comes out before its day.
#![allow(clippy::unwrap_used)]

use chistka_engine::calendar::Day;
use chistka_engine::queue::EventQueue;
use proptest::prelude::*;

/// A script: each step pushes some events (day offset from today, priority) then drains today.
fn script() -> impl Strategy<Value = Vec<Vec<(u16, u8)>>> {
    prop::collection::vec(prop::collection::vec((0u16..40, 0u8..3), 0..6), 1..60)
}

proptest! {
    #[test]
    fn events_pop_in_day_priority_push_order_and_never_early(steps in script()) {
        let mut q: EventQueue<usize> = EventQueue::new();
        let mut pushed: Vec<(u16, u8, usize)> = Vec::new();
        let mut popped: Vec<(u16, u8, usize)> = Vec::new();
        for (today, pushes) in steps.iter().enumerate() {
            let today = today as u16;
            for &(offset, priority) in pushes {
                let id = pushed.len();
                // Pushing for today (offset 0) while today is being drained must still work.
                q.push(Day(today + offset), priority, id);
                pushed.push((today + offset, priority, id));
            }
            let mut drain: Vec<(u16, u8, usize)> = Vec::new();
            while let Some(e) = q.pop_due(Day(today)) {
                prop_assert!(e.day.0 <= today, "popped day {} on day {today}", e.day.0);
                drain.push((e.day.0, e.priority, e.payload));
            }
            // One day's drain is in (day, priority, push order) order...
            prop_assert!(drain.windows(2).all(|w| w[0] < w[1]), "out of order: {drain:?}");
            // ... and leaves nothing due behind.
            prop_assert!(q.pending().all(|e| e.day.0 > today), "an event due on day {today} left");
            popped.extend(drain);
        }
        // Drain the rest.
        while let Some(e) = q.pop_due(Day(u16::MAX)) {
            popped.push((e.day.0, e.priority, e.payload));
        }
        prop_assert_eq!(popped.len(), pushed.len());
        prop_assert!(q.is_empty());
        let mut expected = pushed.clone();
        expected.sort_unstable();
        popped.sort_unstable();
        prop_assert_eq!(popped, expected, "every event pops exactly once");
    }

    #[test]
    fn pending_sees_every_event_not_yet_popped(days in prop::collection::vec(0u16..500, 0..200), drain in 0u16..500) {
        let mut q: EventQueue<u16> = EventQueue::new();
        for &d in &days {
            q.push(Day(d), 0, d);
        }
        let mut n = 0;
        while q.pop_due(Day(drain)).is_some() {
            n += 1;
        }
        let mut left: Vec<u16> = q.pending().map(|e| e.payload).collect();
        left.sort_unstable();
        let mut expected: Vec<u16> = days.iter().copied().filter(|&d| d > drain).collect();
        expected.sort_unstable();
        prop_assert_eq!(n + left.len(), days.len());
        prop_assert_eq!(left, expected);
    }
}
