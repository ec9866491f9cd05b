# Recording, export (text, hex, CSV, raw, pcapng), receive to file, capture reading and replay.
target_sources(sockeye_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/captureblockreader.cpp ${CMAKE_CURRENT_LIST_DIR}/captureblockreader.h
    ${CMAKE_CURRENT_LIST_DIR}/capturereader.cpp ${CMAKE_CURRENT_LIST_DIR}/capturereader.h
    ${CMAKE_CURRENT_LIST_DIR}/capturewriter.cpp ${CMAKE_CURRENT_LIST_DIR}/capturewriter.h
    ${CMAKE_CURRENT_LIST_DIR}/conversation.cpp ${CMAKE_CURRENT_LIST_DIR}/conversation.h
    ${CMAKE_CURRENT_LIST_DIR}/conversationtable.cpp ${CMAKE_CURRENT_LIST_DIR}/conversationtable.h
    ${CMAKE_CURRENT_LIST_DIR}/exporter.cpp ${CMAKE_CURRENT_LIST_DIR}/exporter.h
    ${CMAKE_CURRENT_LIST_DIR}/packetdecoder.cpp ${CMAKE_CURRENT_LIST_DIR}/packetdecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/packetsynthesizer.cpp ${CMAKE_CURRENT_LIST_DIR}/packetsynthesizer.h
    ${CMAKE_CURRENT_LIST_DIR}/pcapngwriter.cpp ${CMAKE_CURRENT_LIST_DIR}/pcapngwriter.h
    ${CMAKE_CURRENT_LIST_DIR}/receivefile.cpp ${CMAKE_CURRENT_LIST_DIR}/receivefile.h
    ${CMAKE_CURRENT_LIST_DIR}/recorder.cpp ${CMAKE_CURRENT_LIST_DIR}/recorder.h
    ${CMAKE_CURRENT_LIST_DIR}/replayer.cpp ${CMAKE_CURRENT_LIST_DIR}/replayer.h
    ${CMAKE_CURRENT_LIST_DIR}/tcpreassembler.cpp ${CMAKE_CURRENT_LIST_DIR}/tcpreassembler.h
)
