//! QR encoding for the shelter summary: an ECI designator 26 (UTF-8) and then byte mode at
//! error-correction level M in the smallest version that holds the text, with the mask chosen by
//! the penalty rules of ISO/IEC 18004 §7.8.3 computed here in one pass per rule.
//!
//! The ECI designator tells a reader the bytes are UTF-8: without it, ISO/IEC 18004 says byte
//! mode is ISO 8859-1, and many readers in Japan guess Shift_JIS, which shows mojibake for the
//! Japanese summary. The `qrcode` crate writes it (`Bits::push_eci_designator`).
//!
//! The `qrcode` crate does the encoding (bits, Reed–Solomon codewords, module placement, the
//! mask and format information); only the choice of mask is ours. Its own `apply_best_mask`
//! clones the symbol eight times and allocates while scoring the finder-like rule: ~74 million
//! instructions (~15 ms here) for a ~1 KB summary (version 25), three times the whole
//! card-and-QR budget of TARGETS.md. Here the eight candidates are masked and scored in place
//! (~4 million instructions). Any of the eight masks yields a valid code; the rules only pick the
//! one readers find easiest, so the choice never changes what a reader decodes.

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};

use super::qr::QrError;

/// The eight masks of a (normal) QR code, in pattern-number order: on a tie the lowest wins.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// A QR code's modules, row by row, `true` for dark; without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side.
    pub width: usize,
    /// The version (1–40).
    pub version: i16,
    /// `width × width` modules, row-major.
    pub dark: Vec<bool>,
}

impl QrMatrix {
    /// The module at column `x`, row `y`.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }
}

/// The ECI assignment number of UTF-8 (AIM ECI specification).
pub const ECI_UTF8: u32 = 26;

/// Bits of the ECI header: the ECI mode indicator (4) and a one-byte designator (8).
const ECI_HEADER_BITS: usize = 12;

/// The QR code of `text`: ECI UTF-8, byte mode, level M, the smallest version that holds it.
pub fn encode(text: &str) -> Result<QrMatrix, QrError> {
    let version = version_for(text.len()).ok_or(QrError::TooLong(text.len()))?;
    let (codewords, ec) = qrcode::ec::construct_codewords(
        &data_codewords(text, version)?,
        Version::Normal(version),
        EcLevel::M,
    )
    .map_err(|_| QrError::TooLong(text.len()))?;
    let mut canvas = Canvas::new(Version::Normal(version), EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec);
    let width = Version::Normal(version).width() as usize;
    // Read the unmasked symbol once, as rows and as columns of bits: each module's colour, and
    // whether a mask flips it (data and error-correction modules, and the format information,
    // not drawn yet).
    let mut base = Lines::new(width);
    let mut maskable = Lines::new(width);
    for y in 0..width {
        for x in 0..width {
            let module = canvas.get(x as i16, y as i16);
            if module.is_dark() {
                base.set(x, y);
            }
            if !matches!(module, Module::Masked(_)) {
                maskable.set(x, y);
            }
        }
    }
    // Score each mask on bit rows and columns. The 30 format-information modules are scored as
    // the mask leaves them rather than as the format bits will be drawn: a few points at most,
    // and whichever mask wins, the code is valid.
    let mut best: Option<(u32, MaskPattern)> = None;
    for (number, pattern) in MASKS.iter().enumerate() {
        let score = masked_penalty(&base, &maskable, number, width);
        // Strictly lower only: on a tie the lowest pattern number stays.
        if best.is_none_or(|(lowest, _)| score < lowest) {
            best = Some((score, *pattern));
        }
    }
    let (_, pattern) = best.ok_or(QrError::TooLong(text.len()))?;
    canvas.apply_mask(pattern);
    let best: Vec<bool> = canvas
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok(QrMatrix {
        width,
        version,
        dark: best,
    })
}

/// The smallest version (1–40) whose level-M capacity holds `bytes` bytes of UTF-8 after the
/// ECI header, the byte-mode indicator and the character count; `None` when none does.
pub fn version_for(bytes: usize) -> Option<i16> {
    let needed = |v: i16| ECI_HEADER_BITS + 4 + if v < 10 { 8 } else { 16 } + 8 * bytes;
    (1..=40).find(|v| {
        Bits::new(Version::Normal(*v))
            .max_len(EcLevel::M)
            .is_ok_and(|capacity| needed(*v) <= capacity)
    })
}

/// The data codewords of `text` in `version` (before error correction): the ECI designator
/// for UTF-8, the bytes in byte mode, the terminator and padding. The data is pushed once.
fn data_codewords(text: &str, version: i16) -> Result<Vec<u8>, QrError> {
    let too_long = || QrError::TooLong(text.len());
    let mut bits = Bits::new(Version::Normal(version));
    bits.push_eci_designator(ECI_UTF8).map_err(|_| too_long())?;
    bits.push_byte_data(text.as_bytes()).map_err(|_| too_long())?;
    bits.push_terminator(EcLevel::M).map_err(|_| too_long())?;
    Ok(bits.into_bytes())
}

/// Up to 192 modules of one row or column, bit `i` for module `i` (set = dark): wide enough for
/// the largest symbol (177) with four quiet-zone modules on each side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Line([u64; 3]);

impl Line {
    /// Modules `0..n` set.
    fn ones(n: usize) -> Self {
        let mut line = Line::default();
        for (w, word) in line.0.iter_mut().enumerate() {
            let bits = n.saturating_sub(w * 64).min(64);
            *word = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
        }
        line
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// Bit `i` of the result is bit `i + k` of `self` (`k` < 64).
    fn down(self, k: u32) -> Self {
        if k == 0 {
            return self;
        }
        let [a, b, c] = self.0;
        Line([(a >> k) | (b << (64 - k)), (b >> k) | (c << (64 - k)), c >> k])
    }

    /// Bit `i + k` of the result is bit `i` of `self` (`k` < 64); bits pushed past 192 are lost.
    fn up(self, k: u32) -> Self {
        if k == 0 {
            return self;
        }
        let [a, b, c] = self.0;
        Line([a << k, (b << k) | (a >> (64 - k)), (c << k) | (b >> (64 - k))])
    }

    fn count(self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }
}

impl std::ops::BitAnd for Line {
    type Output = Line;
    fn bitand(self, o: Line) -> Line {
        Line([self.0[0] & o.0[0], self.0[1] & o.0[1], self.0[2] & o.0[2]])
    }
}

impl std::ops::BitXor for Line {
    type Output = Line;
    fn bitxor(self, o: Line) -> Line {
        Line([self.0[0] ^ o.0[0], self.0[1] ^ o.0[1], self.0[2] ^ o.0[2]])
    }
}

impl std::ops::Not for Line {
    type Output = Line;
    fn not(self) -> Line {
        Line([!self.0[0], !self.0[1], !self.0[2]])
    }
}

/// A symbol as bit rows and bit columns.
struct Lines {
    rows: Vec<Line>,
    columns: Vec<Line>,
}

impl Lines {
    fn new(width: usize) -> Self {
        Lines {
            rows: vec![Line::default(); width],
            columns: vec![Line::default(); width],
        }
    }

    fn set(&mut self, x: usize, y: usize) {
        self.rows[y].set(x);
        self.columns[x].set(y);
    }
}

/// Whether mask `number` (0–7, ISO/IEC 18004 table 10) flips the module at column `x`, row `y`.
// The conditions are written as the standard's table writes them.
#[allow(clippy::manual_is_multiple_of)]
fn flips(number: usize, x: usize, y: usize) -> bool {
    match number {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (y / 2 + x / 3) % 2 == 0,
        5 => (x * y) % 2 + (x * y) % 3 == 0,
        6 => ((x * y) % 2 + (x * y) % 3) % 2 == 0,
        _ => ((x + y) % 2 + (x * y) % 3) % 2 == 0,
    }
}

/// Every mask repeats every 12 rows and every 6 columns.
const ROW_PERIOD: usize = 12;
const COLUMN_PERIOD: usize = 6;

/// The penalty of the symbol `base` with mask `number` applied to its `maskable` modules.
fn masked_penalty(base: &Lines, maskable: &Lines, number: usize, width: usize) -> u32 {
    // The mask's own rows (by y mod 12) and columns (by x mod 6).
    let row_masks: Vec<Line> = (0..ROW_PERIOD)
        .map(|y| {
            let mut line = Line::default();
            (0..width)
                .filter(|x| flips(number, *x, y))
                .for_each(|x| line.set(x));
            line
        })
        .collect();
    let column_masks: Vec<Line> = (0..COLUMN_PERIOD)
        .map(|x| {
            let mut line = Line::default();
            (0..width)
                .filter(|y| flips(number, x, *y))
                .for_each(|y| line.set(y));
            line
        })
        .collect();
    let rows: Vec<Line> = (0..width)
        .map(|y| base.rows[y] ^ (maskable.rows[y] & row_masks[y % ROW_PERIOD]))
        .collect();
    let columns: Vec<Line> = (0..width)
        .map(|x| base.columns[x] ^ (maskable.columns[x] & column_masks[x % COLUMN_PERIOD]))
        .collect();
    penalty_of_lines(&rows, &columns, width)
}

/// `dark light dark dark dark light dark` after four light modules, and before four (bit `k`
/// is the `k`th module of the window).
const FINDER_AFTER_LIGHT: [bool; 11] = [
    false, false, false, false, true, false, true, true, true, false, true,
];
const FINDER_BEFORE_LIGHT: [bool; 11] = [
    true, false, true, true, true, false, true, false, false, false, false,
];

/// The total penalty (ISO/IEC 18004 §7.8.3.1, rules N1–N4) from the symbol's rows and columns.
fn penalty_of_lines(rows: &[Line], columns: &[Line], width: usize) -> u32 {
    let mut score = 0;
    for line in rows.iter().chain(columns) {
        score += line_penalty(*line, width);
    }
    // N2: each 2×2 block of one colour scores 3.
    let pairs = Line::ones(width - 1);
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same = !(a ^ a.down(1)) & !(b ^ b.down(1)) & !(a ^ b) & pairs;
        score += 3 * same.count();
    }
    // N4: 10 for every full 5 % the dark share is away from 50 %.
    let total = width * width;
    let dark = rows.iter().map(|r| r.count() as usize).sum::<usize>();
    let deviation = (dark * 100).abs_diff(total * 50) / total;
    score + (deviation / 5) as u32 * 10
}

/// Rules N1 and N3 along one row or column of `width` modules.
///
/// N1: each run of five or more modules of one colour scores 3 + (run − 5). With `same` marking
/// modules equal to the next, `five` marks the first module of every five in a row; a run of
/// `n` ≥ 5 holds `n − 4` of them and starts once, so it scores `count(five) + 2 × starts`.
///
/// N3: each 11-module window holding the finder-like 1:1:3:1:1 pattern with four light modules on
/// one side scores 40; outside the symbol counts as light (the quiet zone), so the line is read
/// with four light modules added at each end.
fn line_penalty(line: Line, width: usize) -> u32 {
    let same = !(line ^ line.down(1)) & Line::ones(width - 1);
    let five = same & same.down(1) & same.down(2) & same.down(3);
    let starts = five & !five.up(1);
    let mut score = five.count() + 2 * starts.count();

    let padded = line.up(4);
    let windows = Line::ones(width - 2); // window starts 0..=width+8-11
    for pattern in [FINDER_AFTER_LIGHT, FINDER_BEFORE_LIGHT] {
        let mut hits = windows;
        for (k, dark) in pattern.iter().enumerate() {
            let shifted = padded.down(k as u32);
            hits = hits & if *dark { shifted } else { !shifted };
        }
        score += 40 * hits.count();
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules written out module by module, to check the bit-parallel version against.
    fn reference_penalty(dark: &[bool], width: usize) -> u32 {
        let at = |x: usize, y: usize| dark[y * width + x];
        let mut score = 0;
        for line in 0..width {
            let row: Vec<bool> = (0..width).map(|i| at(i, line)).collect();
            let column: Vec<bool> = (0..width).map(|i| at(line, i)).collect();
            for modules in [row, column] {
                let mut run = 1;
                for i in 1..=width {
                    if i < width && modules[i] == modules[i - 1] {
                        run += 1;
                        continue;
                    }
                    if run >= 5 {
                        score += 3 + (run - 5);
                    }
                    run = 1;
                }
                let padded: Vec<bool> = std::iter::repeat_n(false, 4)
                    .chain(modules.iter().copied())
                    .chain(std::iter::repeat_n(false, 4))
                    .collect();
                for window in padded.windows(11) {
                    if window == FINDER_AFTER_LIGHT || window == FINDER_BEFORE_LIGHT {
                        score += 40;
                    }
                }
            }
        }
        for y in 0..width - 1 {
            for x in 0..width - 1 {
                let c = at(x, y);
                if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                    score += 3;
                }
            }
        }
        let dark_count = dark.iter().filter(|d| **d).count();
        let deviation = (dark_count * 100).abs_diff(dark.len() * 50) / dark.len();
        score + (deviation / 5) as u32 * 10
    }

    fn lines_of(dark: &[bool], width: usize) -> Lines {
        let mut lines = Lines::new(width);
        for y in 0..width {
            for x in 0..width {
                if dark[y * width + x] {
                    lines.set(x, y);
                }
            }
        }
        lines
    }

    #[test]
    fn bit_parallel_penalty_equals_the_rules_written_out() {
        // Pseudo-random symbols of every width from 21 to 177 (a fixed xorshift), plus an
        // all-dark and a striped one.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for width in (21..=177).step_by(4) {
            for density in [2u64, 3, 7] {
                let dark: Vec<bool> = (0..width * width).map(|_| next() % density == 0).collect();
                let lines = lines_of(&dark, width);
                assert_eq!(
                    penalty_of_lines(&lines.rows, &lines.columns, width),
                    reference_penalty(&dark, width),
                    "width {width}, density 1/{density}"
                );
            }
        }
        for dark in [
            vec![true; 21 * 21],
            (0..21 * 21).map(|i| (i / 21) % 2 == 0).collect(),
        ] {
            let lines = lines_of(&dark, 21);
            assert_eq!(
                penalty_of_lines(&lines.rows, &lines.columns, 21),
                reference_penalty(&dark, 21)
            );
        }
    }

    #[test]
    fn masked_penalty_equals_masking_then_scoring() {
        let width = 25;
        let base: Vec<bool> = (0..width * width).map(|i| (i * 7 + i / 3) % 5 < 2).collect();
        let maskable: Vec<bool> = (0..width * width).map(|i| (i % 11) != 0).collect();
        for number in 0..8 {
            let masked: Vec<bool> = (0..width * width)
                .map(|i| base[i] ^ (maskable[i] && flips(number, i % width, i / width)))
                .collect();
            assert_eq!(
                masked_penalty(
                    &lines_of(&base, width),
                    &lines_of(&maskable, width),
                    number,
                    width
                ),
                reference_penalty(&masked, width),
                "mask {number}"
            );
        }
    }

    #[test]
    fn the_matrix_is_a_readable_code() {
        let text = "【医療的ケア児 緊急情報】テスト";
        let m = encode(text).expect("encodes");
        assert_eq!(m.width, 17 + 4 * m.version as usize);
        // Finder patterns in three corners.
        for (x0, y0) in [(0, 0), (m.width - 7, 0), (0, m.width - 7)] {
            assert!(m.is_dark(x0, y0) && m.is_dark(x0 + 6, y0 + 6) && m.is_dark(x0 + 3, y0 + 3));
            assert!(!m.is_dark(x0 + 1, y0 + 1));
        }
        assert!(matches!(encode(&"x".repeat(3000)), Err(QrError::TooLong(3000))));
    }

    #[test]
    fn the_data_starts_with_the_utf8_eci_designator_then_byte_mode() {
        let text = "つなぐ";
        let version = version_for(text.len()).expect("fits");
        let data = data_codewords(text, version).expect("codewords");
        // 0111 (ECI) 00011010 (26, UTF-8) 0100 (byte mode) 00001001 (9 bytes) then the bytes.
        assert_eq!(data[0], 0b0111_0001);
        assert_eq!(data[1], 0b1010_0100);
        assert_eq!(data[2], 9);
        assert_eq!(&data[3..12], text.as_bytes());
    }

    #[test]
    fn the_version_counts_the_eci_header() {
        // Version 1-M holds 16 data codewords: 12 + 4 + 8 bits of header leave 13 bytes.
        assert_eq!(version_for(13), Some(1));
        assert_eq!(version_for(14), Some(2));
        // Version 18-M holds 563 data codewords: 12 + 4 + 16 bits of header leave 559 bytes.
        assert_eq!(version_for(559), Some(18));
        assert_eq!(version_for(560), Some(19));
        assert_eq!(version_for(2330), Some(40));
        assert_eq!(version_for(2331), None);
    }
}
