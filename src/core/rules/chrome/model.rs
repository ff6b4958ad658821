//! The line model: a forest of gradient-boosted decision trees that gives each line the
//! probability that it is page furniture, from the numbers in [`super::features`].
//!
//! The trees are data (`data/chrome_model.txt`), trained offline by
//! `scripts/chrome-model/train.py` and read once. The file format, line by line:
//!
//! ```text
//! # comments
//! features NAME NAME …          the features the trees split on, by name
//! base VALUE                    the raw score every line starts from
//! cut FLAG SURE AGREE           probability cut-offs: flagged; flagged with confidence;
//!                               flagged when the hand-written rules flag it too
//! tree NODES | LEAVES           one line per tree
//! ```
//!
//! `NODES` are `feature,threshold,left,right` groups: a line goes left when its feature value
//! is at most the threshold. A child is a node index, or `~k` for leaf `k`. `LEAVES` are the
//! leaf values. The raw score is `base` plus one leaf value per tree; the probability is its
//! logistic. Features are looked up by name, so a model file names what it needs and a model
//! that names a feature the code does not compute is refused (the rules then decide alone).

use super::features::NAMES;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Child {
    Node(u32),
    Leaf(u32),
}

/// A child index with this bit set is a leaf.
const LEAF: u32 = 1 << 31;

/// A split, packed small so a tree's nodes sit together in the cache.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Node {
    threshold: f64,
    /// Index into a feature row.
    feature: u32,
    /// Node index, or leaf index with [`LEAF`] set.
    left: u32,
    right: u32,
}

#[derive(Debug, Clone, PartialEq)]
struct Tree {
    nodes: Vec<Node>,
    leaves: Vec<f64>,
}

impl Tree {
    fn eval(&self, row: &[f64]) -> f64 {
        if self.nodes.is_empty() {
            return self.leaves.first().copied().unwrap_or(0.0);
        }
        let mut at = 0u32;
        loop {
            let node = &self.nodes[at as usize];
            let x = row.get(node.feature as usize).copied().unwrap_or(0.0);
            at = if x <= node.threshold {
                node.left
            } else {
                node.right
            };
            if at & LEAF != 0 {
                return self.leaves[(at & !LEAF) as usize];
            }
        }
    }
}

/// A parsed model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Forest {
    base: f64,
    trees: Vec<Tree>,
    /// Probability from which a line is furniture.
    pub flag: f64,
    /// Probability from which a line is surely furniture (its deletion is a safe fix).
    pub sure: f64,
    /// Probability from which a line the hand-written rules flag is furniture.
    pub agree: f64,
}

impl Forest {
    /// The probability that a line with these features is furniture.
    pub(crate) fn probability(&self, row: &[f64]) -> f64 {
        let raw = self.base + self.trees.iter().map(|t| t.eval(row)).sum::<f64>();
        1.0 / (1.0 + (-raw).exp())
    }

    /// The probabilities of many lines, their rows laid end to end (`width` features each).
    /// A block of rows at a time goes through every tree, tree by tree, so both the block
    /// and the forest stay in the cache however long the story.
    pub(crate) fn probabilities(&self, rows: &[f64], width: usize) -> Vec<f64> {
        const BLOCK: usize = 32;
        if width == 0 {
            return Vec::new();
        }
        let mut raw = vec![self.base; rows.len() / width];
        for (block, out) in rows.chunks(width * BLOCK).zip(raw.chunks_mut(BLOCK)) {
            for t in &self.trees {
                for (row, o) in block.chunks_exact(width).zip(out.iter_mut()) {
                    *o += t.eval(row);
                }
            }
        }
        raw.into_iter().map(|r| 1.0 / (1.0 + (-r).exp())).collect()
    }

    /// Parses a model file against the feature names the code computes.
    pub(crate) fn parse(text: &str, known: &[&str]) -> Result<Forest, String> {
        let mut map: Vec<u32> = Vec::new();
        let mut forest = Forest {
            base: 0.0,
            trees: Vec::new(),
            flag: 0.5,
            sure: 0.5,
            agree: 0.5,
        };
        let mut saw_features = false;
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            let err = |what: &str| format!("line {}: {what}", n + 1);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (head, rest) = line.split_once(' ').unwrap_or((line, ""));
            match head {
                "features" => {
                    for name in rest.split_whitespace() {
                        let i = known
                            .iter()
                            .position(|k| *k == name)
                            .ok_or_else(|| err(&format!("unknown feature `{name}`")))?;
                        map.push(i as u32);
                    }
                    saw_features = true;
                }
                "base" => forest.base = number(rest).map_err(|e| err(&e))?,
                "cut" => {
                    let mut it = rest.split_whitespace();
                    forest.flag = number(it.next().unwrap_or("")).map_err(|e| err(&e))?;
                    forest.sure = number(it.next().unwrap_or("")).map_err(|e| err(&e))?;
                    forest.agree = match it.next() {
                        Some(a) => number(a).map_err(|e| err(&e))?,
                        None => forest.flag,
                    };
                }
                "tree" => {
                    if !saw_features {
                        return Err(err("a tree before the feature list"));
                    }
                    forest.trees.push(tree(rest, &map).map_err(|e| err(&e))?);
                }
                _ => return Err(err(&format!("unknown entry `{head}`"))),
            }
        }
        if forest.trees.is_empty() {
            return Err("no trees".to_string());
        }
        Ok(forest)
    }
}

fn number(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("bad number `{s}`"))
}

fn child(s: &str, nodes: usize, leaves: usize) -> Result<Child, String> {
    let (leaf, digits) = match s.strip_prefix('~') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let k: u32 = digits.parse().map_err(|_| format!("bad child `{s}`"))?;
    if leaf && (k as usize) < leaves && k < LEAF {
        Ok(Child::Leaf(k))
    } else if !leaf && (k as usize) < nodes {
        Ok(Child::Node(k))
    } else {
        Err(format!("child `{s}` out of range"))
    }
}

fn tree(s: &str, map: &[u32]) -> Result<Tree, String> {
    let (nodes, leaves) = s.split_once('|').ok_or("a tree needs `|`")?;
    let leaves: Vec<f64> = leaves
        .split_whitespace()
        .map(number)
        .collect::<Result<_, _>>()?;
    let groups: Vec<&str> = nodes.split_whitespace().collect();
    let mut out = Vec::with_capacity(groups.len());
    for g in &groups {
        let parts: Vec<&str> = g.split(',').collect();
        let [feature, threshold, left, right] = parts[..] else {
            return Err(format!("bad node `{g}`"));
        };
        let f: usize = feature
            .parse()
            .map_err(|_| format!("bad feature index `{feature}`"))?;
        let feature = *map
            .get(f)
            .ok_or_else(|| format!("feature index {f} out of range"))?;
        let i = out.len() as u32;
        let mut packed = [0u32; 2];
        for (slot, c) in packed.iter_mut().zip([left, right]) {
            *slot = match child(c, groups.len(), leaves.len())? {
                // Children must point forward, so every walk ends at a leaf.
                Child::Node(k) if k <= i => return Err(format!("node {i} points back to {k}")),
                Child::Node(k) => k,
                Child::Leaf(k) => k | LEAF,
            };
        }
        out.push(Node {
            threshold: number(threshold)?,
            feature,
            left: packed[0],
            right: packed[1],
        });
    }
    if out.is_empty() && leaves.len() != 1 {
        return Err("a tree without nodes has one leaf".to_string());
    }
    Ok(Tree { nodes: out, leaves })
}

/// The shipped model, parsed once; `None` if the file does not fit the code (a test keeps
/// that from shipping).
pub(crate) static MODEL: LazyLock<Result<Forest, String>> =
    LazyLock::new(|| Forest::parse(include_str!("../../data/chrome_model.txt"), &NAMES));

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Forest, String> {
        Forest::parse(text, &["a", "b", "c"])
    }

    #[test]
    fn the_shipped_model_fits_the_features() {
        let model = MODEL.as_ref().expect("the shipped model parses");
        assert!(model.trees.len() >= 10);
        assert!(0.0 < model.flag && model.flag <= model.sure && model.sure < 1.0);
        assert!(0.0 < model.agree && model.agree <= model.flag);
    }

    #[test]
    fn a_tree_walks_to_its_leaf() {
        // Node 0 splits on `c` at 1.5; node 1 splits on `a` at 0.
        let m = parse("features c a\nbase 0.5\ntree 0,1.5,1,~2 1,0,~0,~1 | -1 2 3\n").unwrap();
        assert_eq!(m.trees[0].eval(&[0.0, 0.0, 1.0]), -1.0);
        assert_eq!(m.trees[0].eval(&[0.5, 0.0, 1.5]), 2.0);
        assert_eq!(m.trees[0].eval(&[0.0, 0.0, 2.0]), 3.0);
        let p = m.probability(&[0.0, 0.0, 9.0]);
        assert!((p - 1.0 / (1.0 + (-3.5f64).exp())).abs() < 1e-12);
        let rows = [0.0, 0.0, 9.0, 0.0, 0.0, 1.0];
        let both = m.probabilities(&rows, 3);
        assert_eq!(both, vec![p, m.probability(&rows[3..])]);
        // More rows than a block.
        let many: Vec<f64> = (0..100)
            .flat_map(|i| [0.5, 0.0, f64::from(i % 3)])
            .collect();
        let ps = m.probabilities(&many, 3);
        assert_eq!(ps.len(), 100);
        for (row, p) in many.chunks(3).zip(ps) {
            assert_eq!(p, m.probability(row));
        }
    }

    #[test]
    fn cut_offs_are_read_with_agree_defaulting_to_flag() {
        let m = parse("features a\ncut 0.5 0.9\ntree | 0\n").unwrap();
        assert_eq!((m.flag, m.sure, m.agree), (0.5, 0.9, 0.5));
        let m = parse("features a\ncut 0.5 0.9 0.2\ntree | 0\n").unwrap();
        assert_eq!(m.agree, 0.2);
        assert!(parse("features a\ncut 0.5 x\ntree | 0\n").is_err());
    }

    #[test]
    fn a_single_leaf_tree_is_a_constant() {
        let m = parse("features a\ntree | 0.25\ntree | 0.25\n").unwrap();
        assert!((m.probability(&[7.0]) - 1.0 / (1.0 + (-0.5f64).exp())).abs() < 1e-12);
    }

    #[test]
    fn bad_files_are_refused_with_the_line() {
        assert!(parse("features a z\ntree | 1\n")
            .unwrap_err()
            .contains("unknown feature `z`"));
        assert!(parse("tree | 1\n")
            .unwrap_err()
            .contains("before the feature"));
        assert!(parse("features a\ntree 0,1,~0,~5 | 1 2\n")
            .unwrap_err()
            .starts_with("line 2"));
        assert!(parse("features a\ntree 0,1,0,~1 | 1 2\n")
            .unwrap_err()
            .contains("points back"));
        assert!(parse("features a\ntree 3,1,~0,~1 | 1 2\n")
            .unwrap_err()
            .contains("out of range"));
        assert!(parse("features a\nbase nan\ntree | 1\n").is_err());
        assert!(parse("features a\n").unwrap_err().contains("no trees"));
        assert!(parse("features a\nleaf 1\n")
            .unwrap_err()
            .contains("unknown entry"));
    }
}
