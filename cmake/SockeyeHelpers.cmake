# Compiler flags shared by every Sockeye target, and the one-line test helper.

add_library(sockeye_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(sockeye_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
        -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wformat=2)
    if(SOCKEYE_WERROR)
        target_compile_options(sockeye_warnings INTERFACE -Werror)
    endif()
    if(SOCKEYE_SANITIZE)
        target_compile_options(sockeye_warnings INTERFACE
            -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
        target_link_options(sockeye_warnings INTERFACE -fsanitize=address,undefined)
    endif()
endif()
target_compile_definitions(sockeye_warnings INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_NO_FOREACH QT_USE_QSTRINGBUILDER)

# sockeye_add_test(NAME tst_foo SOURCES tst_foo.cpp [LIBS ...] [LABELS ...] [TIMEOUT s])
# Adds a Qt Test executable and registers it with ctest. GUI tests run offscreen.
function(sockeye_add_test)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test sockeye_test_support ${T_LIBS} sockeye_warnings)
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    set_tests_properties(${T_NAME} PROPERTIES
        TIMEOUT ${T_TIMEOUT}
        LABELS "${T_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;ASAN_OPTIONS=detect_leaks=0")
endfunction()
