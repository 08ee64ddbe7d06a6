// The hints are static inline functions in include/CPUHints.h; SwiftPM needs one source file.
#include "CPUHints.h"
