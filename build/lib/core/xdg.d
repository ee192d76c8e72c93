build/lib/core/xdg.o: lib/core/xdg.cpp lib/core/xdg.h lib/core/tool.h
lib/core/xdg.h:
lib/core/tool.h:
