;; Frustum culling of bounding spheres, four at a time with WebAssembly SIMD.
;;
;; Source of sphere-cull.wasm.ts (regenerate with `npm run wasm -w @slv/render`).
;; The caller owns the layout: structure-of-arrays x, y, z, radius (f32), and
;; at `planes` the six planes of FrustumPlanes as f32 (left, right, bottom,
;; top, near, far; the far plane faces the near one, so only its w is read)
;; followed by `maxW`, the largest finite |w| of those planes.
;;
;; Arithmetic is f32 while the scalar path and the reference are f64, so the
;; test is made conservative: a sphere counts as outside a plane only when
;; its distance is below -(radius + slack), slack = 2^-20 * (|x|+|y|+|z| +
;; maxW), about twice the worst rounding error of a four-term f32 dot product
;; with unit normals. A lane holding NaN compares false everywhere: kept.
;; Every array is read in whole groups of four: the caller pads them to a
;; multiple of four; lanes past `count` are never reported.
(module
  (import "env" "memory" (memory 1))
  (func (export "cullSpheres")
    (param $x i32) (param $y i32) (param $z i32) (param $r i32)
    (param $planes i32) (param $count i32) (param $out i32)
    (result i32)
    (local $i i32) (local $at i32) (local $keep i32) (local $visible i32)
    (local $lx v128) (local $ly v128) (local $lz v128) (local $lw v128)
    (local $rx v128) (local $ry v128) (local $rz v128) (local $rw v128)
    (local $bx v128) (local $by v128) (local $bz v128) (local $bw v128)
    (local $tx v128) (local $ty v128) (local $tz v128) (local $tw v128)
    (local $nx v128) (local $ny v128) (local $nz v128) (local $nw v128)
    (local $fw v128) (local $maxW v128) (local $eps v128)
    (local $cx v128) (local $cy v128) (local $cz v128) (local $limit v128) (local $ahead v128) (local $outside v128)
    (local.set $lx (f32x4.splat (f32.load offset=0 (local.get $planes))))
    (local.set $ly (f32x4.splat (f32.load offset=4 (local.get $planes))))
    (local.set $lz (f32x4.splat (f32.load offset=8 (local.get $planes))))
    (local.set $lw (f32x4.splat (f32.load offset=12 (local.get $planes))))
    (local.set $rx (f32x4.splat (f32.load offset=16 (local.get $planes))))
    (local.set $ry (f32x4.splat (f32.load offset=20 (local.get $planes))))
    (local.set $rz (f32x4.splat (f32.load offset=24 (local.get $planes))))
    (local.set $rw (f32x4.splat (f32.load offset=28 (local.get $planes))))
    (local.set $bx (f32x4.splat (f32.load offset=32 (local.get $planes))))
    (local.set $by (f32x4.splat (f32.load offset=36 (local.get $planes))))
    (local.set $bz (f32x4.splat (f32.load offset=40 (local.get $planes))))
    (local.set $bw (f32x4.splat (f32.load offset=44 (local.get $planes))))
    (local.set $tx (f32x4.splat (f32.load offset=48 (local.get $planes))))
    (local.set $ty (f32x4.splat (f32.load offset=52 (local.get $planes))))
    (local.set $tz (f32x4.splat (f32.load offset=56 (local.get $planes))))
    (local.set $tw (f32x4.splat (f32.load offset=60 (local.get $planes))))
    (local.set $nx (f32x4.splat (f32.load offset=64 (local.get $planes))))
    (local.set $ny (f32x4.splat (f32.load offset=68 (local.get $planes))))
    (local.set $nz (f32x4.splat (f32.load offset=72 (local.get $planes))))
    (local.set $nw (f32x4.splat (f32.load offset=76 (local.get $planes))))
    (local.set $fw (f32x4.splat (f32.load offset=92 (local.get $planes))))
    (local.set $maxW (f32x4.splat (f32.load offset=96 (local.get $planes))))
    (local.set $eps (f32x4.splat (f32.const 0x1p-20)))
    (block $done
      (loop $group
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        (local.set $cx (v128.load align=4 (i32.add (local.get $x) (local.get $at))))
        (local.set $cy (v128.load align=4 (i32.add (local.get $y) (local.get $at))))
        (local.set $cz (v128.load align=4 (i32.add (local.get $z) (local.get $at))))
        ;; limit = -(radius + slack)
        (local.set $limit (f32x4.neg (f32x4.add
          (v128.load align=4 (i32.add (local.get $r) (local.get $at)))
          (f32x4.mul (local.get $eps) (f32x4.add
            (f32x4.add (f32x4.abs (local.get $cx)) (f32x4.abs (local.get $cy)))
            (f32x4.add (f32x4.abs (local.get $cz)) (local.get $maxW)))))))
        ;; One dot product serves the near plane and the far one facing it.
        (local.set $ahead (f32x4.add
          (f32x4.add (f32x4.mul (local.get $nx) (local.get $cx)) (f32x4.mul (local.get $ny) (local.get $cy)))
          (f32x4.mul (local.get $nz) (local.get $cz))))
        (local.set $outside (v128.or
          (f32x4.lt (f32x4.add (local.get $ahead) (local.get $nw)) (local.get $limit))
          (f32x4.lt (f32x4.sub (local.get $fw) (local.get $ahead)) (local.get $limit))))
        (local.set $outside (v128.or (local.get $outside) (f32x4.lt
          (f32x4.add
            (f32x4.add (f32x4.mul (local.get $lx) (local.get $cx)) (f32x4.mul (local.get $ly) (local.get $cy)))
            (f32x4.add (f32x4.mul (local.get $lz) (local.get $cz)) (local.get $lw)))
          (local.get $limit))))
        (local.set $outside (v128.or (local.get $outside) (f32x4.lt
          (f32x4.add
            (f32x4.add (f32x4.mul (local.get $rx) (local.get $cx)) (f32x4.mul (local.get $ry) (local.get $cy)))
            (f32x4.add (f32x4.mul (local.get $rz) (local.get $cz)) (local.get $rw)))
          (local.get $limit))))
        (local.set $outside (v128.or (local.get $outside) (f32x4.lt
          (f32x4.add
            (f32x4.add (f32x4.mul (local.get $bx) (local.get $cx)) (f32x4.mul (local.get $by) (local.get $cy)))
            (f32x4.add (f32x4.mul (local.get $bz) (local.get $cz)) (local.get $bw)))
          (local.get $limit))))
        (local.set $outside (v128.or (local.get $outside) (f32x4.lt
          (f32x4.add
            (f32x4.add (f32x4.mul (local.get $tx) (local.get $cx)) (f32x4.mul (local.get $ty) (local.get $cy)))
            (f32x4.add (f32x4.mul (local.get $tz) (local.get $cz)) (local.get $tw)))
          (local.get $limit))))
        (local.set $keep (i32.xor (i32x4.bitmask (local.get $outside)) (i32.const 15)))
        (if (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $count))
          (then (local.set $keep (i32.and (local.get $keep)
            (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $count) (local.get $i))) (i32.const 1))))))
        ;; Branch-free compaction: every lane is written, only kept ones advance.
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $visible) (i32.const 2))) (local.get $i))
        (local.set $visible (i32.add (local.get $visible) (i32.and (local.get $keep) (i32.const 1))))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $visible) (i32.const 2))) (i32.add (local.get $i) (i32.const 1)))
        (local.set $visible (i32.add (local.get $visible) (i32.and (i32.shr_u (local.get $keep) (i32.const 1)) (i32.const 1))))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $visible) (i32.const 2))) (i32.add (local.get $i) (i32.const 2)))
        (local.set $visible (i32.add (local.get $visible) (i32.and (i32.shr_u (local.get $keep) (i32.const 2)) (i32.const 1))))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $visible) (i32.const 2))) (i32.add (local.get $i) (i32.const 3)))
        (local.set $visible (i32.add (local.get $visible) (i32.shr_u (local.get $keep) (i32.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $group)))
    (local.get $visible)))
