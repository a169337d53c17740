#ifndef MOCKHOA_CLIPPER_OFFSET_H
#define MOCKHOA_CLIPPER_OFFSET_H

#ifdef __cplusplus
extern "C" {
#endif

/// Polygons made by `mockhoa_offset`: `count` polygons, polygon i has `lengths[i]` points,
/// stored one after another as x, y pairs in `points`. Free with `mockhoa_polygons_free`.
typedef struct {
    int count;
    int *lengths;
    double *points;
} mockhoa_polygons;

/// The region of the closed polygons `polygons` (even-odd) offset by `delta` mm, outward when
/// positive, with round joins that stray from a true arc by at most `tolerance` mm (Clipper's
/// ClipperOffset). The result may hold several polygons (an inward offset can split a shape).
mockhoa_polygons mockhoa_offset(mockhoa_polygons polygons, double delta, double tolerance);

void mockhoa_polygons_free(mockhoa_polygons polygons);

#ifdef __cplusplus
}
#endif

#endif
