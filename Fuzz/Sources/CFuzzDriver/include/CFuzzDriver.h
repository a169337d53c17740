// libFuzzer's entry for programs that keep their own main (compiler-rt's FuzzerInterface.h):
// the fuzz targets are SwiftPM executables, whose main is Swift's.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));
