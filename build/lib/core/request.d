build/lib/core/request.o: lib/core/request.cpp lib/core/request.h \
 lib/core/event.h lib/core/json_out.h lib/core/lines.h
lib/core/request.h:
lib/core/event.h:
lib/core/json_out.h:
lib/core/lines.h:
