build/tools/rag-show.o: tools/rag-show.cpp lib/core/event.h \
 lib/core/json_out.h lib/core/lines.h lib/core/request.h lib/core/tool.h
lib/core/event.h:
lib/core/json_out.h:
lib/core/lines.h:
lib/core/request.h:
lib/core/tool.h:
