//! Rules that find unsourced claims, anonymous and vague sources.
