// The offset of a keychain's outline through Clipper (Debian's libpolyclipping), behind a C
// function Swift can call.
#include "offset.h"

#include <polyclipping/clipper.hpp>

#include <cmath>
#include <cstdlib>

namespace {
/// Clipper works in integers: millimetres are scaled to nanometres.
constexpr double scale = 1e6;
}

extern "C" mockhoa_polygons mockhoa_offset(mockhoa_polygons polygons, double delta, double tolerance) {
    ClipperLib::Paths paths(polygons.count);
    const double *xy = polygons.points;
    for (int i = 0; i < polygons.count; i++) {
        for (int j = 0; j < polygons.lengths[i]; j++, xy += 2) {
            paths[i].push_back(ClipperLib::IntPoint(std::llround(xy[0] * scale), std::llround(xy[1] * scale)));
        }
    }
    // Even-odd, as the outline is filled: simplified to non-overlapping polygons first.
    ClipperLib::SimplifyPolygons(paths, ClipperLib::pftEvenOdd);
    ClipperLib::ClipperOffset offset;
    offset.ArcTolerance = tolerance * scale;
    offset.AddPaths(paths, ClipperLib::jtRound, ClipperLib::etClosedPolygon);
    ClipperLib::Paths solution;
    offset.Execute(solution, delta * scale);

    mockhoa_polygons result = {0, nullptr, nullptr};
    size_t total = 0;
    for (const auto &p : solution) total += p.size();
    result.lengths = static_cast<int *>(std::malloc(sizeof(int) * (solution.size() + 1)));
    result.points = static_cast<double *>(std::malloc(sizeof(double) * 2 * (total + 1)));
    if (!result.lengths || !result.points) {
        std::free(result.lengths);
        std::free(result.points);
        return {0, nullptr, nullptr};
    }
    size_t k = 0;
    for (const auto &p : solution) {
        result.lengths[result.count++] = static_cast<int>(p.size());
        for (const auto &q : p) {
            result.points[k++] = q.X / scale;
            result.points[k++] = q.Y / scale;
        }
    }
    return result;
}

extern "C" void mockhoa_polygons_free(mockhoa_polygons polygons) {
    std::free(polygons.lengths);
    std::free(polygons.points);
}
