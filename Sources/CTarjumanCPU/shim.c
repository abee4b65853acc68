// The header's functions are all static inline; this file makes the target a C library
// that SwiftPM builds.
#include "CTarjumanCPU.h"
