//! The grid geometry of each size (cell coordinates, units, peers), digit bits, and the
//! rule check of a full grid.

/// Cells of the largest grid (9×9).
pub(super) const MAX_CELLS: usize = 81;
/// Units (rows, columns, boxes) of the largest grid.
pub(super) const MAX_UNITS: usize = 27;
const MAX_PEERS: usize = 20;

/// Static tables of one grid size: cell coordinates, units and peers.
pub(super) struct Geometry {
    /// Side length.
    pub(super) n: usize,
    /// Box height (rows).
    pub(super) bh: usize,
    /// Box width (columns).
    pub(super) bw: usize,
    /// `n * n`.
    pub(super) cells: usize,
    /// The mask of all `n` digits.
    pub(super) full: u16,
    pub(super) row: [u8; MAX_CELLS],
    pub(super) col: [u8; MAX_CELLS],
    pub(super) boxi: [u8; MAX_CELLS],
    /// The position of each cell inside its box (row-major).
    pub(super) box_index: [u8; MAX_CELLS],
    /// Rows `0..n`, columns `n..2n`, boxes `2n..3n`; each lists its `n` cells.
    pub(super) units: [[u8; 9]; MAX_UNITS],
    pub(super) peers: [[u8; MAX_PEERS]; MAX_CELLS],
    pub(super) npeers: usize,
}

impl Geometry {
    pub(super) const fn new(n: usize, bh: usize, bw: usize) -> Self {
        let mut g = Geometry {
            n,
            bh,
            bw,
            cells: n * n,
            full: ((1u32 << n) - 1) as u16,
            row: [0; MAX_CELLS],
            col: [0; MAX_CELLS],
            boxi: [0; MAX_CELLS],
            box_index: [0; MAX_CELLS],
            units: [[0; 9]; MAX_UNITS],
            peers: [[0; MAX_PEERS]; MAX_CELLS],
            npeers: 0,
        };
        let per_band = n / bw;
        let mut c = 0;
        while c < n * n {
            let r = c / n;
            let k = c % n;
            g.row[c] = r as u8;
            g.col[c] = k as u8;
            g.boxi[c] = ((r / bh) * per_band + k / bw) as u8;
            c += 1;
        }
        let mut i = 0;
        while i < n {
            let mut j = 0;
            while j < n {
                g.units[i][j] = (i * n + j) as u8;
                g.units[n + i][j] = (j * n + i) as u8;
                j += 1;
            }
            i += 1;
        }
        let mut fill = [0usize; 9];
        c = 0;
        while c < n * n {
            let b = g.boxi[c] as usize;
            g.units[2 * n + b][fill[b]] = c as u8;
            g.box_index[c] = fill[b] as u8;
            fill[b] += 1;
            c += 1;
        }
        let mut count = 0;
        c = 0;
        while c < n * n {
            count = 0;
            let mut p = 0;
            while p < n * n {
                if p != c
                    && (g.row[p] == g.row[c] || g.col[p] == g.col[c] || g.boxi[p] == g.boxi[c])
                {
                    g.peers[c][count] = p as u8;
                    count += 1;
                }
                p += 1;
            }
            c += 1;
        }
        g.npeers = count;
        g
    }

    pub(super) fn unit(&self, u: usize) -> &[u8] {
        &self.units[u][..self.n]
    }

    pub(super) fn peers_of(&self, c: usize) -> &[u8] {
        &self.peers[c][..self.npeers]
    }
}

pub(super) static GEO4: Geometry = Geometry::new(4, 2, 2);
pub(super) static GEO6: Geometry = Geometry::new(6, 2, 3);
pub(super) static GEO9: Geometry = Geometry::new(9, 3, 3);

pub(super) fn geometry(size: u8) -> &'static Geometry {
    match size {
        4 => &GEO4,
        6 => &GEO6,
        _ => &GEO9,
    }
}

pub(super) fn bit(d: u8) -> u16 {
    1u16 << (d - 1)
}

pub(super) fn digit_of(bit: u16) -> u8 {
    bit.trailing_zeros() as u8 + 1
}

/// A grid: `0` for blank, else the digit.
pub(super) type Grid = [u8; MAX_CELLS];

/// Whether `grid` is complete and every row, column and box holds each digit once (one
/// pass over the cells: a unit of `n` cells covers all `n` digits only if they differ).
pub(super) fn is_valid_solution(geo: &Geometry, grid: &Grid) -> bool {
    let mut rows = [0u16; 9];
    let mut cols = [0u16; 9];
    let mut boxes = [0u16; 9];
    for c in 0..geo.cells {
        let d = grid[c];
        if d == 0 || usize::from(d) > geo.n {
            return false;
        }
        rows[usize::from(geo.row[c])] |= bit(d);
        cols[usize::from(geo.col[c])] |= bit(d);
        boxes[usize::from(geo.boxi[c])] |= bit(d);
    }
    [rows, cols, boxes]
        .iter()
        .all(|masks| masks[..geo.n].iter().all(|&m| m == geo.full))
}
