//! Why an engineer is on call two shifts in a row: each such pair of the schedule comes
//! with its cause, which `check -v` prints.

use super::{Change, Shift};

/// The cause of two consecutive shifts held by one engineer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Twice {
    /// The rotation gives both (an engineer listed next to themselves, or alone).
    Rotation,
    /// One of them is a holiday the engineer takes by turn: turns never move for other
    /// shifts, or adding a holiday would move the shifts around every other.
    HolidayTurn,
    /// One of them was placed there for lack of choice (`Shift::cornered`): everyone else
    /// free then was on call beside it, or every shift of the taker's near enough to give
    /// in return was beside one of the two engineers' own.
    NoOtherChoice,
    /// Two changes meet: each was decided from the data of its own weeks, where it put
    /// nobody beside a shift of the rotation, and only together do they touch.
    ChangesMeet,
}

impl Twice {
    pub(super) fn of(a: &Shift, b: &Shift) -> Twice {
        let who = &a.engineer;
        let by_turn = |s: &Shift| matches!(&s.change, Some(Change::HolidaySwap { turn, .. } | Change::HolidayTurn { turn, .. }) if turn == who && !s.holidays.is_empty());
        if a.change.is_none() && b.change.is_none() {
            Twice::Rotation
        } else if by_turn(a) || by_turn(b) {
            Twice::HolidayTurn
        } else if a.cornered || b.cornered {
            Twice::NoOtherChoice
        } else {
            Twice::ChangesMeet
        }
    }

    /// The cause in words, to follow "two shifts in a row: ".
    pub fn text(self) -> &'static str {
        match self {
            Twice::Rotation => "the rotation's order gives both",
            Twice::HolidayTurn => {
                "one is a holiday they take by turn, and holiday turns never move for other shifts"
            }
            Twice::NoOtherChoice => {
                "nobody else was free and off call beside it, or every shift near enough to give in return was beside one of theirs"
            }
            Twice::ChangesMeet => {
                "two changes meet, each made from its own weeks without putting anyone beside a shift of the rotation"
            }
        }
    }
}
