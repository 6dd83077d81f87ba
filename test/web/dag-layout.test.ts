/**
 * The dashboard's job-graph layout (web/src/graph/layout.ts), in Node: layering, crossing
 * reduction, long edges, and a 100-vertex graph without overlaps.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { layeredLayout, type Layout, type LayoutEdge, type PlacedNode } from '../../web/src/graph/layout.js';

const W = 250;
const H = 92;

function nodes(...ids: string[]): { id: string; width: number; height: number }[] {
  return ids.map((id) => ({ id, width: W, height: H }));
}

function edges(...pairs: string[]): LayoutEdge[] {
  return pairs.map((pair) => {
    const [from = '', to = ''] = pair.split('>');
    return { from, to };
  });
}

function node(layout: Layout, id: string): PlacedNode {
  const found = layout.nodes.find((n) => n.id === id);
  assert.ok(found, `node ${id} is placed`);
  return found;
}

function assertNoOverlaps(layout: Layout, gap: number): void {
  const byLayer = new Map<number, PlacedNode[]>();
  for (const n of layout.nodes) byLayer.set(n.layer, [...(byLayer.get(n.layer) ?? []), n]);
  for (const [layer, members] of byLayer) {
    const sorted = [...members].sort((a, b) => a.y - b.y);
    for (let i = 1; i < sorted.length; i++) {
      const above = sorted[i - 1];
      const below = sorted[i];
      assert.ok(above && below);
      assert.ok(below.y - (above.y + above.height) >= gap - 0.01, `layer ${layer}: ${above.id} and ${below.id} are closer than the gap`);
    }
  }
  for (const n of layout.nodes) {
    assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= layout.width && n.y + n.height <= layout.height, `${n.id} lies inside the drawing`);
  }
}

describe('job graph layout', () => {
  test('an empty graph has no nodes', () => {
    const layout = layeredLayout([], []);
    assert.equal(layout.nodes.length, 0);
    assert.equal(layout.edges.length, 0);
  });

  test('a chain runs left to right, one layer per vertex, on one line', () => {
    const layout = layeredLayout(nodes('a', 'b', 'c'), edges('a>b', 'b>c'));
    assert.deepEqual(['a', 'b', 'c'].map((id) => node(layout, id).layer), [0, 1, 2]);
    assert.ok(node(layout, 'a').x < node(layout, 'b').x && node(layout, 'b').x < node(layout, 'c').x);
    assert.equal(node(layout, 'a').y, node(layout, 'c').y);
    const edge = layout.edges.find((e) => e.from === 'a' && e.to === 'b');
    assert.deepEqual(edge?.points, [
      { x: node(layout, 'a').x + W, y: node(layout, 'a').y + H / 2 },
      { x: node(layout, 'b').x, y: node(layout, 'b').y + H / 2 },
    ]);
  });

  test('a diamond puts both branches in the middle layer without overlap, the join centred', () => {
    const layout = layeredLayout(nodes('src', 'left', 'right', 'join'), edges('src>left', 'src>right', 'left>join', 'right>join'), { nodeGap: 28 });
    assert.equal(node(layout, 'left').layer, 1);
    assert.equal(node(layout, 'right').layer, 1);
    assertNoOverlaps(layout, 28);
    const middle = (node(layout, 'left').y + node(layout, 'right').y) / 2;
    assert.ok(Math.abs(node(layout, 'join').y - middle) < 1, 'the join sits between its inputs');
  });

  test('barycentre ordering removes a crossing the input order would draw', () => {
    // Given in this order, s1 above s2 and t1 above t2 would cross s1>t2 and s2>t1.
    const layout = layeredLayout(nodes('s1', 's2', 't1', 't2'), edges('s1>t2', 's2>t1'));
    const above = (a: string, b: string): boolean => node(layout, a).y < node(layout, b).y;
    assert.equal(above('s1', 's2'), above('t2', 't1'));
  });

  test('an edge that skips layers bends through the layers between', () => {
    const layout = layeredLayout(nodes('a', 'b', 'c', 'd'), edges('a>b', 'b>c', 'c>d', 'a>d'));
    const long = layout.edges.find((e) => e.from === 'a' && e.to === 'd');
    assert.equal(long?.points.length, 2 + 2 * 2, 'two dummy layers, entered and left');
  });

  test('a source joining late sits just before its consumer', () => {
    const layout = layeredLayout(nodes('s1', 'x', 'y', 'z', 's2'), edges('s1>x', 'x>y', 'y>z', 's2>z'));
    assert.equal(node(layout, 's2').layer, node(layout, 'z').layer - 1);
  });

  test('a cycle, duplicate edges and unknown ends do not break it', () => {
    const layout = layeredLayout(nodes('a', 'b', 'c'), edges('a>b', 'b>a', 'a>b', 'b>c', 'c>ghost', 'a>a'));
    assert.equal(layout.nodes.length, 3);
    assert.equal(layout.edges.filter((e) => e.from === 'a' && e.to === 'b').length, 1);
    assert.ok(!layout.edges.some((e) => e.to === 'ghost' || (e.from === 'a' && e.to === 'a')));
  });

  test('100 vertices: every one placed, none overlapping, quickly', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `v${i}`);
    const links = new Set<string>();
    // A layered DAG with fan-out and fan-in, like a wide job: each vertex feeds one or two later ones.
    for (let i = 1; i < 100; i++) {
      links.add(`v${Math.floor((i - 1) / 3)}>v${i}`);
      if (i % 7 === 0) links.add(`v${i - 5}>v${i}`);
    }
    const started = performance.now();
    const layout = layeredLayout(nodes(...ids), edges(...links), { nodeGap: 28 });
    const elapsed = performance.now() - started;
    assert.equal(layout.nodes.length, 100);
    assert.equal(layout.edges.length, links.size);
    assertNoOverlaps(layout, 28);
    assert.ok(elapsed < 1000, `layout took ${elapsed.toFixed(0)} ms`);
  });

  test('a 100-vertex chain stays one row wide', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `v${i}`);
    const layout = layeredLayout(nodes(...ids), edges(...ids.slice(1).map((id, i) => `v${i}>${id}`)));
    assert.equal(new Set(layout.nodes.map((n) => n.y)).size, 1);
    assert.equal(Math.max(...layout.nodes.map((n) => n.layer)), 99);
  });
});
