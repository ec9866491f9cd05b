// sockeye-cli --help: the one description of every command and option.
#include "clioptions.h"

namespace sockeye::cli {

QString CliParser::usage()
{
    return tr(
        "Usage:\n"
        "  sockeye-cli listen [--udp] [--bind ADDR] PORT [--echo] [--welcome P]\n"
        "                     [--reply MATCH=P]... [--rules FILE] [common options]\n"
        "  sockeye-cli connect [--udp] [--bind ADDR] HOST PORT [--send P]... [--send-file F]\n"
        "                     [--interval MS] [--repeat N] [--expect P | --expect-regex RE]\n"
        "                     [--timeout S] [--connect-timeout MS] [common options]\n"
        "  sockeye-cli export IN OUT [--format text|hex|dump|csv|raw|pcapng] [--split]\n"
        "                     [--direction rx|tx] [--encoding NAME]\n"
        "  sockeye-cli replay IN HOST PORT [--udp] [--fast | --speed X] [--stream N]\n"
        "                     [common options]\n"
        "  sockeye-cli run WORKSPACE.sockeye [--duration S] [--count N] [--format F]\n"
        "                     [--timestamps] [--encoding NAME] [--quiet]\n"
        "\n"
        "listen, connect and replay take --record FILE: everything the session sends and\n"
        "receives is written to FILE as pcapng (for Wireshark) while it runs.\n"
        "export reads a pcapng or pcap capture IN and writes OUT: a text log, hex, hex dump,\n"
        "CSV (time,session,peer,direction,length,hex,event), raw bytes (--split: one file per\n"
        "peer and direction, named after OUT) or pcapng. --direction keeps one direction.\n"
        "replay sends the client side of conversation N (default 0) of IN to HOST PORT, with\n"
        "the recorded gaps (--speed 2: twice as fast) or --fast, and prints what comes back.\n"
        "run starts every session of a workspace saved in the app (servers, clients, UDP)\n"
        "with its framing, rules, echo, welcome and periodic send, and prints what they\n"
        "receive as listen does (--timestamps adds the session's name). It runs until\n"
        "--duration, --count or Ctrl+C; a session that cannot start ends it with exit code 3.\n"
        "\n"
        "Common options:\n"
        "  --format text|hex|dump|raw  how received data goes to stdout (raw: the exact bytes)\n"
        "  --timestamps                prefix each frame with its time and peer\n"
        "  --framing SPEC              idle:MS | delim:P | fixed:N | prefix:SPEC "
        "(docs/PAYLOAD.md)\n"
        "  --line-ending none|cr|lf|crlf  appended to every payload sent\n"
        "  --checksum NAME             appended to every payload sent (e.g. crc16-modbus)\n"
        "  --encoding NAME             for text payloads and text output (UTF-8, GBK, ...)\n"
        "  --count N                   stop after N received frames\n"
        "  --duration S                stop after S seconds\n"
        "  --quiet                     no messages on stderr but errors\n"
        "  --lang en|zh_CN             language of messages (default: the system's)\n"
        "\n"
        "P is a payload: hex:01 03 00 00, text:Hello\\r\\n (escapes), lit:as typed, or plain\n"
        "text with escapes. --send - streams standard input as it is (raw bytes), after the\n"
        "other payloads; like --send-file it is read only as fast as the peer takes it.\n"
        "MATCH is exact:P, prefix:P, contains:P, regex:RE, hex:01 03 ?? ?? (whole frame,\n"
        "?? any byte) or any; plain text means contains. Split at the first '=' (write \\= for\n"
        "a literal '=' in MATCH). In a reply, {req:OFFSET:LEN} copies request bytes.\n"
        "\n"
        "stdout carries only received data; messages go to stderr.\n"
        "Exit codes: 0 done or expectation met, 1 expectation not met or timed out,\n"
        "2 usage error, 3 network error.\n");
}

} // namespace sockeye::cli
