build/lib/core/lines.o: lib/core/lines.cpp lib/core/lines.h \
 lib/core/tool.h
lib/core/lines.h:
lib/core/tool.h:
