build/lib/core/tool.o: lib/core/tool.cpp lib/core/tool.h
lib/core/tool.h:
