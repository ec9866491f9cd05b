# The Qt Linguist workflow for Sockeye: one set of .ts files for every face (core, GUI, CLI).
#
#   cmake --build <build> --target update_translations   # lupdate: new strings into the .ts files
#   (translate them in Qt Linguist or an editor)           # then build: lrelease -> .qm, embedded
#
# The .qm files are embedded in the given target at :/i18n/sockeye_<lang>.qm; Language (in
# src/core/i18n) loads them. The translation test (tests/i18n) runs the same lupdate on a copy.
find_package(Qt6 REQUIRED COMPONENTS LinguistTools)

set(SOCKEYE_TS_FILES
    ${PROJECT_SOURCE_DIR}/resources/translations/sockeye_zh_CN.ts
    CACHE INTERNAL "Sockeye's translation sources")

function(sockeye_add_translations target)
    # Every source a user-visible string can come from; CONFIGURE_DEPENDS picks up new files.
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS
        ${PROJECT_SOURCE_DIR}/src/*.cpp ${PROJECT_SOURCE_DIR}/src/*.h ${PROJECT_SOURCE_DIR}/ui/*.ui)
    list(SORT sources)
    set(include_dirs
        ${PROJECT_SOURCE_DIR}/src/core ${PROJECT_SOURCE_DIR}/src/gui ${PROJECT_SOURCE_DIR}/src/cli)
    set(lupdate_options -no-obsolete -locations none -source-language en)

    qt_add_lupdate(${target}
        TS_FILES ${SOCKEYE_TS_FILES}
        SOURCES ${sources}
        INCLUDE_DIRECTORIES ${include_dirs}
        OPTIONS ${lupdate_options})
    qt_add_lrelease(${target}
        TS_FILES ${SOCKEYE_TS_FILES}
        QM_FILES_OUTPUT_VARIABLE qm_files
        OPTIONS -silent)
    qt_add_resources(${target} sockeye_translations
        PREFIX /i18n
        BASE ${CMAKE_CURRENT_BINARY_DIR}
        FILES ${qm_files})

    # The same input as a list file, for the test that checks the .ts files are complete.
    list(TRANSFORM include_dirs PREPEND "-I" OUTPUT_VARIABLE include_lines)
    string(REPLACE ";" "\n" lst "${sources};${include_lines}")
    set(lst_file ${PROJECT_BINARY_DIR}/i18n/lupdate-sources.lst)
    file(WRITE ${lst_file}.tmp "${lst}\n")
    file(COPY_FILE ${lst_file}.tmp ${lst_file} ONLY_IF_DIFFERENT)
    set_property(GLOBAL PROPERTY SOCKEYE_LUPDATE_LST ${lst_file})
    set_property(GLOBAL PROPERTY SOCKEYE_LUPDATE_OPTIONS ${lupdate_options})
endfunction()
