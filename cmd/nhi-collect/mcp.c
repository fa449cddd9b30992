#include "compat.h"
#include "collect.h"
int collect_mcp(int argc, char **argv) { (void)argc; (void)argv; return 0; }
