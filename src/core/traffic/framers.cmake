# Framers and display formats (issue 3), included from this folder's CMakeLists.txt.
target_sources(sockeye_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/displayformat.cpp ${CMAKE_CURRENT_LIST_DIR}/displayformat.h
    ${CMAKE_CURRENT_LIST_DIR}/framer.cpp ${CMAKE_CURRENT_LIST_DIR}/framer.h
    ${CMAKE_CURRENT_LIST_DIR}/framers.cpp ${CMAKE_CURRENT_LIST_DIR}/framers.h
    ${CMAKE_CURRENT_LIST_DIR}/streamframers.cpp ${CMAKE_CURRENT_LIST_DIR}/streamframers.h
)
