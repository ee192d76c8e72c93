build/lib/core/json_out.o: lib/core/json_out.cpp lib/core/json_out.h
lib/core/json_out.h:
