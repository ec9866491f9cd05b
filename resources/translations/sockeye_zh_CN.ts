<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Checksum</name>
    <message>
        <source>Unknown checksum &apos;%1&apos;. Use one of %2.</source>
        <translation>未知的校验方式“%1”。请使用以下之一：%2。</translation>
    </message>
    <message>
        <source>Invalid checksum range &apos;%1&apos;. Write START:END like a Python slice, e.g. range=1: or range=0:-2.</source>
        <translation>无效的校验范围“%1”。请按 Python 切片的写法写成 START:END，例如 range=1: 或 range=0:-2。</translation>
    </message>
    <message>
        <source>Unknown checksum option &apos;%1&apos;. Use range=START:END or order=le|be.</source>
        <translation>未知的校验选项“%1”。请使用 range=START:END 或 order=le|be。</translation>
    </message>
    <message numerus="yes">
        <source>The checksum range %1 does not fit the %n-byte payload. Adjust the range or the payload.</source>
        <translation>
            <numerusform>校验范围 %1 超出了 %n 字节的数据。请调整范围或数据。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CliParser</name>
    <message>
        <source>Help.</source>
        <translation>帮助。</translation>
    </message>
    <message>
        <source>Version.</source>
        <translation>版本。</translation>
    </message>
    <message>
        <source>UDP instead of TCP.</source>
        <translation>使用 UDP 而不是 TCP。</translation>
    </message>
    <message>
        <source>Address.</source>
        <translation>地址。</translation>
    </message>
    <message>
        <source>Echo.</source>
        <translation>回显。</translation>
    </message>
    <message>
        <source>Welcome.</source>
        <translation>欢迎消息。</translation>
    </message>
    <message>
        <source>Reply.</source>
        <translation>回复。</translation>
    </message>
    <message>
        <source>Rules.</source>
        <translation>规则。</translation>
    </message>
    <message>
        <source>Send.</source>
        <translation>发送。</translation>
    </message>
    <message>
        <source>File.</source>
        <translation>文件。</translation>
    </message>
    <message>
        <source>Interval.</source>
        <translation>间隔。</translation>
    </message>
    <message>
        <source>Repeat.</source>
        <translation>重复次数。</translation>
    </message>
    <message>
        <source>Expect.</source>
        <translation>期望。</translation>
    </message>
    <message>
        <source>Timeout.</source>
        <translation>超时。</translation>
    </message>
    <message>
        <source>Format.</source>
        <translation>格式。</translation>
    </message>
    <message>
        <source>Timestamps.</source>
        <translation>时间戳。</translation>
    </message>
    <message>
        <source>Framing.</source>
        <translation>分帧。</translation>
    </message>
    <message>
        <source>Line ending.</source>
        <translation>行尾。</translation>
    </message>
    <message>
        <source>Checksum.</source>
        <translation>校验。</translation>
    </message>
    <message>
        <source>Encoding.</source>
        <translation>编码。</translation>
    </message>
    <message>
        <source>Count.</source>
        <translation>帧数。</translation>
    </message>
    <message>
        <source>Duration.</source>
        <translation>持续时间。</translation>
    </message>
    <message>
        <source>Quiet.</source>
        <translation>安静模式。</translation>
    </message>
    <message>
        <source>sockeye-cli: %1. Run sockeye-cli --help for usage.</source>
        <translation>sockeye-cli：%1 运行 sockeye-cli --help 查看用法。</translation>
    </message>
    <message>
        <source>sockeye-cli listen: give exactly one PORT (0 picks a free one).</source>
        <translation>sockeye-cli listen：请指定且只指定一个端口 PORT（0 表示自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>sockeye-cli listen: &quot;%1&quot; is not a port; use 0 to 65535.</source>
        <translation>sockeye-cli listen：“%1”不是端口号；请使用 0 到 65535。</translation>
    </message>
    <message>
        <source>sockeye-cli connect: give HOST and PORT, e.g. connect 127.0.0.1 7000.</source>
        <translation>sockeye-cli connect：请指定主机 HOST 和端口 PORT，例如 connect 127.0.0.1 7000。</translation>
    </message>
    <message>
        <source>sockeye-cli connect: &quot;%1&quot; is not a port; use 1 to 65535.</source>
        <translation>sockeye-cli connect：“%1”不是端口号；请使用 1 到 65535。</translation>
    </message>
    <message>
        <source>sockeye-cli %1: --%2 is for %3 only.</source>
        <translation>sockeye-cli %1：--%2 只能用于 %3。</translation>
    </message>
    <message>
        <source>sockeye-cli: --%1 %2 is out of range; use a number from %3 to %4.</source>
        <translation>sockeye-cli：--%1 %2 超出范围；请使用 %3 到 %4 之间的数。</translation>
    </message>
    <message>
        <source>sockeye-cli: --format %1 is unknown; use text, hex, dump or raw.</source>
        <translation>sockeye-cli：未知的 --format %1；请使用 text、hex、dump 或 raw。</translation>
    </message>
    <message>
        <source>sockeye-cli: --encoding %1 is unknown; use one of %2.</source>
        <translation>sockeye-cli：未知的 --encoding %1；请使用以下之一：%2。</translation>
    </message>
    <message>
        <source>sockeye-cli: --framing: %1</source>
        <translation>sockeye-cli：--framing：%1</translation>
    </message>
    <message>
        <source>sockeye-cli: --line-ending %1 is unknown; use none, cr, lf or crlf.</source>
        <translation>sockeye-cli：未知的 --line-ending %1；请使用 none、cr、lf 或 crlf。</translation>
    </message>
    <message>
        <source>sockeye-cli: --checksum: %1</source>
        <translation>sockeye-cli：--checksum：%1</translation>
    </message>
    <message>
        <source>sockeye-cli: %1 &quot;%2&quot;: %3</source>
        <translation>sockeye-cli：%1 “%2”：%3</translation>
    </message>
    <message>
        <source>sockeye-cli: --send-file %1: no such file.</source>
        <translation>sockeye-cli：--send-file %1：文件不存在。</translation>
    </message>
    <message>
        <source>sockeye-cli: use --expect or --expect-regex, not both.</source>
        <translation>sockeye-cli：--expect 和 --expect-regex 只能使用其一。</translation>
    </message>
    <message>
        <source>sockeye-cli: --expect-regex: invalid at position %1: %2.</source>
        <translation>sockeye-cli：--expect-regex：第 %1 个字符处无效：%2。</translation>
    </message>
    <message>
        <source>sockeye-cli: --reply &quot;%1&quot;: write MATCH=PAYLOAD, e.g. --reply &apos;text:PING=text:PONG\r\n&apos;.</source>
        <translation>sockeye-cli：--reply “%1”：请写成 MATCH=PAYLOAD，例如 --reply &apos;text:PING=text:PONG\r\n&apos;。</translation>
    </message>
    <message>
        <source>sockeye-cli: --reply &quot;%1&quot;: %2</source>
        <translation>sockeye-cli：--reply “%1”：%2</translation>
    </message>
    <message>
        <source>Language.</source>
        <translation>语言。</translation>
    </message>
    <message>
        <source>Record.</source>
        <translation>录制。</translation>
    </message>
    <message>
        <source>Split.</source>
        <translation>拆分。</translation>
    </message>
    <message>
        <source>Direction.</source>
        <translation>方向。</translation>
    </message>
    <message>
        <source>Fast.</source>
        <translation>快速。</translation>
    </message>
    <message>
        <source>Speed.</source>
        <translation>速度。</translation>
    </message>
    <message>
        <source>Stream.</source>
        <translation>会话流。</translation>
    </message>
    <message>
        <source>sockeye-cli export: give IN and OUT, e.g. export capture.pcapng log.txt --format text.</source>
        <translation>sockeye-cli export：请指定 IN 和 OUT，例如 export capture.pcapng log.txt --format text。</translation>
    </message>
    <message>
        <source>sockeye-cli replay: give IN, HOST and PORT, e.g. replay capture.pcapng 127.0.0.1 7000.</source>
        <translation>sockeye-cli replay：请指定 IN、HOST 和 PORT，例如 replay capture.pcapng 127.0.0.1 7000。</translation>
    </message>
    <message>
        <source>sockeye-cli replay: &quot;%1&quot; is not a port; use 1 to 65535.</source>
        <translation>sockeye-cli replay：“%1”不是端口号；请使用 1 到 65535。</translation>
    </message>
    <message>
        <source>sockeye-cli %1: %2: no such file.</source>
        <translation>sockeye-cli %1：%2：文件不存在。</translation>
    </message>
    <message>
        <source>sockeye-cli: --direction %1 is unknown; use rx or tx.</source>
        <translation>sockeye-cli：未知的 --direction %1；请使用 rx 或 tx。</translation>
    </message>
    <message>
        <source>sockeye-cli export: --format %1 is unknown; use text, hex, dump, csv, raw or pcapng.</source>
        <translation>sockeye-cli export：未知的 --format %1；请使用 text、hex、dump、csv、raw 或 pcapng。</translation>
    </message>
    <message>
        <source>sockeye-cli: no command given: use listen, connect, export, replay or run. Run sockeye-cli --help for usage.</source>
        <translation>sockeye-cli：未指定命令：请使用 listen、connect、export、replay 或 run。运行 sockeye-cli --help 查看用法。</translation>
    </message>
    <message>
        <source>sockeye-cli run: give one WORKSPACE file, e.g. run lab.sockeye.</source>
        <translation>sockeye-cli run：请给出一个工作区文件，例如 run lab.sockeye。</translation>
    </message>
    <message>
        <source>sockeye-cli run: %1</source>
        <translation>sockeye-cli run：%1</translation>
    </message>
    <message>
        <source>sockeye-cli run: %1 holds no sessions; save one from the app first.</source>
        <translation>sockeye-cli run：%1 中没有会话；请先在应用中保存一个。</translation>
    </message>
    <message>
        <source>sockeye-cli run: %1: sessions[%2].%3</source>
        <translation>sockeye-cli run：%1：sessions[%2].%3</translation>
    </message>
    <message>
        <source>sockeye-cli: unknown command &quot;%1&quot;: use listen, connect, export, replay or run.</source>
        <translation>sockeye-cli：未知命令“%1”：请使用 listen、connect、export、replay 或 run。</translation>
    </message>
    <message>
        <source>sockeye-cli run: --%1 does not apply: the workspace holds each session&apos;s settings, framing and rules.</source>
        <translation>sockeye-cli run：--%1 不适用：工作区已包含每个会话的设置、分帧和规则。</translation>
    </message>
    <message>
        <source>sockeye-cli: --send - and --send-file both stream a file; give one of them.</source>
        <translation>sockeye-cli：--send - 与 --send-file 都是流式发送文件；请只给出其中一个。</translation>
    </message>
    <message>
        <source>sockeye-cli: --send - streams standard input as it is; --line-ending and --checksum apply to payloads only. Put them in the data, or send a payload instead.</source>
        <translation>sockeye-cli：--send - 原样流式发送标准输入；--line-ending 和 --checksum 只适用于数据参数。请把它们写进数据里，或改为发送数据参数。</translation>
    </message>
    <message>
        <source>sockeye-cli: --send-file %1: is a directory; give a file.</source>
        <translation>sockeye-cli：--send-file %1：这是一个目录；请给出文件。</translation>
    </message>
    <message>
        <source>sockeye-cli: --send-file %1: %2.</source>
        <translation>sockeye-cli：--send-file %1：%2。</translation>
    </message>
    <message>
        <source>sockeye-cli export: --split writes one file per peer and direction; give OUT a file name, not -.</source>
        <translation>sockeye-cli export：--split 按对端和方向各写一个文件；请给 OUT 一个文件名，而不是 -。</translation>
    </message>
    <message>
        <source>sockeye-cli: --bind %1: %2</source>
        <translation>sockeye-cli：--bind %1：%2</translation>
    </message>
    <message>
        <source>no such host. Use an address of this machine, any, any4, any6 or a host name such as localhost.</source>
        <translation>没有这个主机。请使用本机的地址、any、any4、any6 或诸如 localhost 的主机名。</translation>
    </message>
    <message>
        <source>that host is not this machine. Use one of its addresses, any, any4 or any6.</source>
        <translation>该主机不是本机。请使用本机的某个地址、any、any4 或 any6。</translation>
    </message>
    <message>
        <source>sockeye-cli: --rules: %1</source>
        <translation>sockeye-cli：--rules：%1</translation>
    </message>
    <message>
        <source>Close.</source>
        <translation>关闭。</translation>
    </message>
    <message>
        <source>Half-close.</source>
        <translation>半关闭。</translation>
    </message>
    <message>
        <source>sockeye-cli: --close %1 is unknown; use fin (an orderly close), rst (a reset) or half (FIN, then print what comes until the peer closes).</source>
        <translation>sockeye-cli：未知的 --close %1；请用 fin（正常关闭）、rst（复位）或 half（发送 FIN，然后打印收到的数据，直到对端关闭）。</translation>
    </message>
    <message>
        <source>sockeye-cli: --half-close and --close %1 say different things; give one of them.</source>
        <translation>sockeye-cli：--half-close 与 --close %1 相互矛盾；请只给出其中一个。</translation>
    </message>
    <message>
        <source>sockeye-cli: --close and --half-close are for TCP; UDP has no connection to close.</source>
        <translation>sockeye-cli：--close 和 --half-close 只用于 TCP；UDP 没有可关闭的连接。</translation>
    </message>
    <message>
        <source>Local port.</source>
        <translation>本地端口。</translation>
    </message>
    <message>
        <source>No delay.</source>
        <translation>不延迟。</translation>
    </message>
    <message>
        <source>Keepalive.</source>
        <translation>保活。</translation>
    </message>
    <message>
        <source>Receive buffer.</source>
        <translation>接收缓冲区。</translation>
    </message>
    <message>
        <source>Send buffer.</source>
        <translation>发送缓冲区。</translation>
    </message>
    <message>
        <source>sockeye-cli: --keepalive %1: give IDLE,INTERVAL,COUNT, e.g. 60,10,5: seconds idle before the first probe (1 to 32767), seconds between probes (1 to 32767) and probes before giving up (1 to 127).</source>
        <translation>sockeye-cli：--keepalive %1：请给出 IDLE,INTERVAL,COUNT，例如 60,10,5：首次探测前的空闲秒数（1 到 32767）、探测间隔秒数（1 到 32767）和放弃前的探测次数（1 到 127）。</translation>
    </message>
    <message>
        <source>sockeye-cli: --%1 %2 is out of range; use a number of bytes from 1024 to %3 (the kernel doubles it and caps it at its maximum).</source>
        <translation>sockeye-cli：--%1 %2 超出范围；请使用 1024 到 %3 之间的字节数（内核会将其加倍，并限制在其最大值以内）。</translation>
    </message>
    <message>
        <source>sockeye-cli: --nodelay, --keepalive, --rcvbuf and --sndbuf are TCP options; UDP has no connection to set them on.</source>
        <translation>sockeye-cli：--nodelay、--keepalive、--rcvbuf 和 --sndbuf 是 TCP 选项；UDP 没有可设置它们的连接。</translation>
    </message>
    <message>
        <source>Backlog.</source>
        <translation>队列长度。</translation>
    </message>
    <message>
        <source>Statistics.</source>
        <translation>统计。</translation>
    </message>
    <message>
        <source>sockeye-cli: --backlog %1 is out of range; use a number of connections from 1 to 65535 (the kernel caps it at net.core.somaxconn).</source>
        <translation>sockeye-cli：--backlog %1 超出范围；请使用 1 到 65535 之间的连接数（内核会将其限制在 net.core.somaxconn 以内）。</translation>
    </message>
    <message>
        <source>sockeye-cli: --backlog is the TCP accept queue&apos;s size; UDP accepts no connections.</source>
        <translation>sockeye-cli：--backlog 是 TCP 接受队列的大小；UDP 不接受连接。</translation>
    </message>
    <message>
        <source>sockeye-cli: --stats-interval %1 is out of range; use a number of seconds from 0.1 to 86400.</source>
        <translation>sockeye-cli：--stats-interval %1 超出范围；请使用 0.1 到 86400 之间的秒数。</translation>
    </message>
    <message>
        <source>sockeye-cli: --stats and --stats-interval show a TCP connection&apos;s statistics (TCP_INFO); UDP has no connection.</source>
        <translation>sockeye-cli：--stats 和 --stats-interval 显示 TCP 连接的统计（TCP_INFO）；UDP 没有连接。</translation>
    </message>
    <message>
        <source>Save received.</source>
        <translation>保存接收数据。</translation>
    </message>
    <message>
        <source>Save format.</source>
        <translation>保存格式。</translation>
    </message>
    <message>
        <source>Save rotate.</source>
        <translation>保存轮转。</translation>
    </message>
    <message>
        <source>sockeye-cli: --save-format and --save-rotate need --save-received FILE.</source>
        <translation>sockeye-cli：--save-format 和 --save-rotate 需要同时指定 --save-received FILE。</translation>
    </message>
    <message>
        <source>sockeye-cli: %1</source>
        <translation>sockeye-cli：%1</translation>
    </message>
    <message>
        <source>TLS.</source>
        <translation>TLS。</translation>
    </message>
    <message>
        <source>CA file.</source>
        <translation>CA 文件。</translation>
    </message>
    <message>
        <source>Certificate.</source>
        <translation>证书。</translation>
    </message>
    <message>
        <source>Key.</source>
        <translation>密钥。</translation>
    </message>
    <message>
        <source>Passphrase.</source>
        <translation>口令。</translation>
    </message>
    <message>
        <source>Do not verify.</source>
        <translation>不验证。</translation>
    </message>
    <message>
        <source>ALPN.</source>
        <translation>ALPN。</translation>
    </message>
    <message>
        <source>Server name.</source>
        <translation>服务器名称。</translation>
    </message>
    <message>
        <source>Self-signed.</source>
        <translation>自签名。</translation>
    </message>
    <message>
        <source>Mutual TLS.</source>
        <translation>双向 TLS (mutual TLS)。</translation>
    </message>
    <message>
        <source>sockeye-cli: --key-pass %1: the environment variable %2 is not set.</source>
        <translation>sockeye-cli: --key-pass %1：未设置环境变量 %2。</translation>
    </message>
    <message>
        <source>sockeye-cli: --key-pass %1: cannot read %2: %3.</source>
        <translation>sockeye-cli: --key-pass %1：无法读取 %2：%3。</translation>
    </message>
    <message>
        <source>sockeye-cli: --key-pass %1: give env:VAR (an environment variable holds it) or file:PATH (the file&apos;s first line).</source>
        <translation>sockeye-cli: --key-pass %1：请给出 env:VAR（由环境变量保存口令）或 file:PATH（取文件的第一行）。</translation>
    </message>
    <message>
        <source>sockeye-cli: --%1 is a TLS option: add --tls.</source>
        <translation>sockeye-cli: --%1 是 TLS 选项：请加上 --tls。</translation>
    </message>
    <message>
        <source>sockeye-cli: --tls runs over TCP; it cannot be used with --udp.</source>
        <translation>sockeye-cli: --tls 运行在 TCP 之上；不能与 --udp 一起使用。</translation>
    </message>
    <message>
        <source>sockeye-cli: --tls is for listen and connect only.</source>
        <translation>sockeye-cli: --tls 仅用于 listen 和 connect。</translation>
    </message>
    <message>
        <source>sockeye-cli listen: --%1 is for connect only: a server does not verify a server.</source>
        <translation>sockeye-cli listen: --%1 仅用于 connect：服务器不验证服务器。</translation>
    </message>
    <message>
        <source>sockeye-cli connect: --%1 is for listen only.</source>
        <translation>sockeye-cli connect: --%1 仅用于 listen。</translation>
    </message>
    <message>
        <source>sockeye-cli connect: a TLS connection cannot be half-closed (TLS ends both directions together); use --close fin or rst.</source>
        <translation>sockeye-cli connect: TLS 连接不能半关闭（TLS 会同时结束两个方向）；请使用 --close fin 或 rst。</translation>
    </message>
    <message>
        <source>sockeye-cli listen: give either --cert and --key, or --self-signed.</source>
        <translation>sockeye-cli listen: 请给出 --cert 和 --key，或者 --self-signed。</translation>
    </message>
    <message>
        <source>sockeye-cli listen --tls: give the server&apos;s --cert FILE and --key FILE, or --self-signed for a certificate made for this machine.</source>
        <translation>sockeye-cli listen --tls: 请给出服务器的 --cert FILE 和 --key FILE，或者使用 --self-signed 为本机生成证书。</translation>
    </message>
    <message>
        <source>sockeye-cli: --alpn %1</source>
        <translation>sockeye-cli: --alpn %1</translation>
    </message>
    <message>
        <source>Give it with --key-pass env:VAR or --key-pass file:PATH.</source>
        <translation>请用 --key-pass env:VAR 或 --key-pass file:PATH 给出口令。</translation>
    </message>
    <message>
        <source>Usage:
  sockeye-cli listen [--udp] [--bind ADDR] PORT [--echo] [--welcome P]
                     [--reply MATCH=P]... [--rules FILE] [TCP options]
                     [TLS options] [common options]
  sockeye-cli connect [--udp] [--bind ADDR] HOST PORT [--send P]... [--send-file F]
                     [--interval MS] [--repeat N] [--expect P | --expect-regex RE]
                     [--timeout S] [--connect-timeout MS] [--local-port N]
                     [--close fin|rst|half | --half-close] [TCP options]
                     [TLS options] [common options]
  sockeye-cli export IN OUT [--format text|hex|dump|csv|raw|pcapng] [--split]
                     [--direction rx|tx] [--encoding NAME]
  sockeye-cli replay IN HOST PORT [--udp] [--fast | --speed X] [--stream N]
                     [common options]
  sockeye-cli run WORKSPACE.sockeye [--duration S] [--count N] [--format F]
                     [--timestamps] [--encoding NAME] [--quiet]

listen, connect and replay take --record FILE: everything the session sends and
receives is written to FILE as pcapng (for Wireshark) while it runs.
listen and connect take --save-received FILE: what the session receives is
appended to FILE while it runs, the bytes exactly (--save-format raw, the default)
or a text log with times and peers (--save-format log); --save-rotate BYTES starts
a new file before FILE would pass BYTES (FILE.1 ... FILE.9 keep the older ones).
export reads a pcapng or pcap capture IN and writes OUT: a text log, hex, hex dump,
CSV (time,session,peer,direction,length,hex,event), raw bytes (--split: one file per
peer and direction, named after OUT) or pcapng. --direction keeps one direction.
replay sends the client side of conversation N (default 0) of IN to HOST PORT, with
the recorded gaps (--speed 2: twice as fast) or --fast, and prints what comes back.
run starts every session of a workspace saved in the app (servers, clients, UDP)
with its framing, rules, echo, welcome and periodic send, and prints what they
receive as listen does (--timestamps adds the session&apos;s name). It runs until
--duration, --count or Ctrl+C; a session that cannot start ends it with exit code 3.

TCP options (listen: each client; connect: the connection):
  --nodelay                   TCP_NODELAY: Nagle off, every write its own segment
  --keepalive IDLE,INTERVAL,COUNT  keepalive probes: seconds idle, seconds apart,
                              probes before the connection is dropped
  --rcvbuf N, --sndbuf N      the kernel&apos;s receive and send buffers, in bytes
  --stats                     print each connection&apos;s TCP statistics to stderr as it
                              ends: RTT, retransmissions, congestion window, queues
  --stats-interval S          and every S seconds while it lasts (listen: with the
                              accept queue and its overflows)
  --backlog N                 listen: the accept queue&apos;s size (default 4096)

TLS options (TCP only):
  --tls                       speak TLS; connect verifies the server against the
                              system&apos;s CAs and the host name
  --ca FILE                   connect: CAs to trust as well (PEM); listen: the CAs
                              that vouch for clients&apos; certificates
  --cert FILE --key FILE      our certificate and key (PEM): the server&apos;s, or a
                              client certificate for mutual TLS
  --key-pass env:VAR|file:PATH  the key&apos;s passphrase, from a variable or a file
  --insecure                  connect: do not verify the server (said on stderr)
  --sni NAME                  connect: the server name sent and verified
  --alpn LIST                 protocols to offer (connect) or accept (listen), e.g.
                              h2,http/1.1
  --self-signed               listen: present Sockeye&apos;s certificate for this machine
                              (made once; its file and SHA-256 are printed)
  --require-client-cert       listen: refuse clients without a trusted certificate
A failed handshake or verification ends connect with exit code 3 and a sentence.

Common options:
  --format text|hex|dump|raw  how received data goes to stdout (raw: the exact bytes)
  --timestamps                prefix each frame with its time and peer
  --framing SPEC              idle:MS | delim:P | fixed:N | prefix:SPEC (docs/PAYLOAD.md)
  --line-ending none|cr|lf|crlf  appended to every payload sent
  --checksum NAME             appended to every payload sent (e.g. crc16-modbus)
  --encoding NAME             for text payloads and text output (UTF-8, GBK, ...)
  --count N                   stop after N received frames
  --duration S                stop after S seconds
  --quiet                     no messages on stderr but errors
  --lang en|zh_CN             language of messages (default: the system&apos;s)

P is a payload: hex:01 03 00 00, text:Hello\r\n (escapes), lit:as typed, or plain
text with escapes. --send - streams standard input as it is (raw bytes), after the
other payloads; like --send-file it is read only as fast as the peer takes it.
MATCH is exact:P, prefix:P, contains:P, regex:RE, hex:01 03 ?? ?? (whole frame,
?? any byte) or any; plain text means contains. Split at the first &apos;=&apos; (write \= for
a literal &apos;=&apos; in MATCH). In a reply, {req:OFFSET:LEN} copies request bytes.

connect ends the connection once its payloads are sent: --close fin (the default,
an orderly close), rst (a reset: SO_LINGER 0), or half (--half-close: FIN, then print
what comes back until the peer closes). --local-port N connects from that local
port (and with --bind ADDR from that address; otherwise the kernel picks one).

stdout carries only received data; messages go to stderr.
Exit codes: 0 done or expectation met, 1 expectation not met or timed out,
2 usage error, 3 network error.
</source>
        <translation>用法：
  sockeye-cli listen [--udp] [--bind ADDR] PORT [--echo] [--welcome P]
                     [--reply MATCH=P]... [--rules FILE] [TCP 选项]
                     [TLS 选项] [通用选项]
  sockeye-cli connect [--udp] [--bind ADDR] HOST PORT [--send P]... [--send-file F]
                     [--interval MS] [--repeat N] [--expect P | --expect-regex RE]
                     [--timeout S] [--connect-timeout MS] [--local-port N]
                     [--close fin|rst|half | --half-close] [TCP 选项]
                     [TLS 选项] [通用选项]
  sockeye-cli export IN OUT [--format text|hex|dump|csv|raw|pcapng] [--split]
                     [--direction rx|tx] [--encoding NAME]
  sockeye-cli replay IN HOST PORT [--udp] [--fast | --speed X] [--stream N]
                     [通用选项]
  sockeye-cli run WORKSPACE.sockeye [--duration S] [--count N] [--format F]
                     [--timestamps] [--encoding NAME] [--quiet]

listen、connect 和 replay 可加 --record FILE：会话运行期间收发的所有数据都以 pcapng
格式写入 FILE（可用 Wireshark 打开）。
listen 和 connect 可加 --save-received FILE：会话运行期间收到的数据追加写入 FILE，
可以是原样字节（--save-format raw，默认）或带时间和对端的文本日志（--save-format log）；
--save-rotate BYTES 在 FILE 将超过 BYTES 前换新文件（FILE.1 … FILE.9 保留较旧的）。
export 读取 pcapng 或 pcap 抓包文件 IN 并写出 OUT：文本日志、十六进制、十六进制转储、
CSV（time,session,peer,direction,length,hex,event）、原始字节（--split：按对端和方向
各写一个文件，以 OUT 命名）或 pcapng。--direction 只保留一个方向。
replay 把 IN 中第 N 个会话（默认 0）的客户端一侧发往 HOST PORT，按录制时的间隔发送
（--speed 2：两倍速）或用 --fast 尽快发送，并打印收到的回应。
run 启动在应用中保存的工作区里的每个会话（服务器、客户端、UDP），连同其分帧、规则、
回显、欢迎消息和定时发送，并像 listen 一样打印收到的数据（--timestamps 会加上会话名称）。
运行到 --duration、--count 或 Ctrl+C 为止；有会话无法启动时以退出码 3 结束。

TCP 选项（listen：每个客户端；connect：该连接）：
  --nodelay                   TCP_NODELAY：关闭 Nagle，每次写入单独成段
  --keepalive IDLE,INTERVAL,COUNT  保活探测：空闲秒数、探测间隔秒数、
                              放弃连接前的探测次数
  --rcvbuf N, --sndbuf N      内核的接收与发送缓冲区大小（字节）
  --stats                     在每个连接结束时把它的 TCP 统计打印到 stderr：
                              RTT、重传、拥塞窗口、队列
  --stats-interval S          并在连接期间每 S 秒打印一次（listen：连同接受队列
                              及其溢出次数）
  --backlog N                 listen：接受队列的大小（默认 4096）

TLS 选项（仅 TCP）：
  --tls                       使用 TLS；connect 依据系统的 CA 和主机名
                              验证服务器
  --ca FILE                   connect：额外信任的 CA（PEM）；listen：为客户端
                              证书担保的 CA
  --cert FILE --key FILE      本端的证书和密钥（PEM）：服务器的，或用于双向 TLS
                              的客户端证书
  --key-pass env:VAR|file:PATH  密钥的口令，取自环境变量或文件
  --insecure                  connect：不验证服务器（会在 stderr 上说明）
  --sni NAME                  connect：发送并验证的服务器名称
  --alpn LIST                 提供（connect）或接受（listen）的协议，例如
                              h2,http/1.1
  --self-signed               listen：使用 Sockeye 为本机生成的证书
                              （只生成一次；会打印其文件和 SHA-256）
  --require-client-cert       listen：拒绝没有可信证书的客户端
握手或验证失败时，connect 以退出码 3 结束并给出说明。

通用选项：
  --format text|hex|dump|raw  接收的数据以何种形式输出到 stdout（raw：原始字节）
  --timestamps                在每一帧前加上时间和对端
  --framing SPEC              idle:MS | delim:P | fixed:N | prefix:SPEC（见 docs/PAYLOAD.md）
  --line-ending none|cr|lf|crlf  追加到每次发送的数据之后
  --checksum NAME             追加到每次发送的数据之后（例如 crc16-modbus）
  --encoding NAME             文本数据与文本输出的编码（UTF-8、GBK 等）
  --count N                   接收 N 帧后停止
  --duration S                S 秒后停止
  --quiet                     除错误外不在 stderr 输出任何消息
  --lang en|zh_CN             消息的语言（默认跟随系统）

P 表示数据：hex:01 03 00 00、text:Hello\r\n（支持转义）、lit:原样文本，或支持转义的
普通文本。--send - 在其他数据之后将标准输入原样发送（原始字节）；与 --send-file 一样，
只按对端接收的速度读取。
MATCH 为 exact:P、prefix:P、contains:P、regex:RE、hex:01 03 ?? ??（匹配整帧，
?? 表示任意字节）或 any；普通文本表示 contains。在第一个“=”处拆分（MATCH 中的
“=”本身请写作 \=）。回复中的 {req:OFFSET:LEN} 复制请求中的字节。

connect 在数据发送完后结束连接：--close fin（默认，正常关闭）、rst（复位：SO_LINGER 0），
或 half（--half-close：发送 FIN，然后打印对端返回的数据，直到对端关闭）。--local-port N
从该本地端口发起连接（加上 --bind ADDR 时还从该地址发起；否则由内核选择）。

stdout 只输出接收的数据；消息输出到 stderr。
退出码：0 完成或满足期望，1 未满足期望或超时，
2 用法错误，3 网络错误。
</translation>
    </message>
</context>
<context>
    <name>DynamicField</name>
    <message>
        <source>The &apos;{&apos; at position %1 is not closed. Write {{ for a literal brace, or a field like {seq:u8}.</source>
        <translation>第 %1 个字符处的“{”没有闭合。字面的花括号请写作 {{，或写成 {seq:u8} 这样的字段。</translation>
    </message>
    <message>
        <source>The field {%1} at position %2 needs a byte count from 1 to %3, e.g. {rand:4}.</source>
        <translation>第 %2 个字符处的字段 {%1} 需要 1 到 %3 的字节数，例如 {rand:4}。</translation>
    </message>
    <message>
        <source>Use {seq}, {seq:u8}, {seq:u16be}, {seq:u16le}, {seq:u32be} or {seq:u32le}.</source>
        <translation>请使用 {seq}、{seq:u8}、{seq:u16be}、{seq:u16le}、{seq:u32be} 或 {seq:u32le}。</translation>
    </message>
    <message>
        <source>Use {time:unix_s}, {time:unix_ms} or {time:iso}.</source>
        <translation>请使用 {time:unix_s}、{time:unix_ms} 或 {time:iso}。</translation>
    </message>
    <message>
        <source>Unknown format in the field {%1} at position %2. %3</source>
        <translation>第 %2 个字符处的字段 {%1} 格式未知。%3</translation>
    </message>
    <message>
        <source>Unknown field {%1} at position %2. Use {seq:u8}, {time:unix_ms}, {rand:4} and the like; write {{ for a literal brace.</source>
        <translation>第 %2 个字符处的字段 {%1} 未知。请使用 {seq:u8}、{time:unix_ms}、{rand:4} 等字段；字面的花括号请写作 {{。</translation>
    </message>
</context>
<context>
    <name>EscapeCodec</name>
    <message>
        <source>The backslash at position %1 ends the text. Write \\ for a backslash.</source>
        <translation>第 %1 个字符处的反斜杠位于文本末尾。反斜杠本身请写作 \\。</translation>
    </message>
    <message>
        <source>The escape \x at position %1 needs two hex digits, e.g. \x0D.</source>
        <translation>第 %1 个字符处的转义 \x 需要两位十六进制数字，例如 \x0D。</translation>
    </message>
    <message>
        <source>The escape \u at position %1 needs a code point in braces, e.g. \u{20AC} (1 to 6 hex digits, at most 10FFFF, no surrogates).</source>
        <translation>第 %1 个字符处的转义 \u 需要用花括号括起的码位，例如 \u{20AC}（1 到 6 位十六进制数字，不超过 10FFFF，不能是代理项）。</translation>
    </message>
    <message>
        <source>Unknown escape &apos;\%1&apos; at position %2. Use \r, \n, \t, \0, \\, \xHH or \u{...}, or turn escapes off to send the text as typed.</source>
        <translation>第 %2 个字符处的转义“\%1”未知。请使用 \r、\n、\t、\0、\\、\xHH 或 \u{...}，或关闭转义以原样发送文本。</translation>
    </message>
</context>
<context>
    <name>Framer</name>
    <message>
        <source>Use idle:MS, delim:P, fixed:N or prefix:SIZE (see the payload documentation), or none.</source>
        <translation>请使用 idle:MS、delim:P、fixed:N 或 prefix:SIZE（见数据格式文档），或 none。</translation>
    </message>
    <message>
        <source>The framing &apos;%1&apos; has no &apos;:&apos;. %2</source>
        <translation>分帧方式“%1”缺少“:”。%2</translation>
    </message>
    <message>
        <source>The framing option max=%1 needs a size from 1 to %2 bytes.</source>
        <translation>分帧选项 max=%1 需要 1 到 %2 字节的大小。</translation>
    </message>
    <message>
        <source>The framing option %1=%2 needs a number from %3 to 65535.</source>
        <translation>分帧选项 %1=%2 需要 %3 到 65535 之间的数。</translation>
    </message>
    <message>
        <source>Unknown option &apos;%1&apos; for %2 framing. %3</source>
        <translation>%2 分帧没有“%1”选项。%3</translation>
    </message>
    <message>
        <source>Use offset=K, adjust=A or max=N.</source>
        <translation>请使用 offset=K、adjust=A 或 max=N。</translation>
    </message>
    <message>
        <source>Use max=N.</source>
        <translation>请使用 max=N。</translation>
    </message>
    <message>
        <source>The idle gap &apos;%1&apos; must be a number of milliseconds from 1 to 3600000, e.g. idle:20.</source>
        <translation>空闲间隔“%1”必须是 1 到 3600000 之间的毫秒数，例如 idle:20。</translation>
    </message>
    <message>
        <source>fixed framing takes no options.</source>
        <translation>定长分帧没有选项。</translation>
    </message>
    <message>
        <source>The frame length &apos;%1&apos; must be a number of bytes from 1 to %2, e.g. fixed:8.</source>
        <translation>帧长度“%1”必须是 1 到 %2 之间的字节数，例如 fixed:8。</translation>
    </message>
    <message>
        <source>A delimiter cannot contain {fields}; write {{ for a brace.</source>
        <translation>分隔符不能包含 {字段}；花括号请写作 {{。</translation>
    </message>
    <message>
        <source>Invalid delimiter &apos;%1&apos;: %2</source>
        <translation>无效的分隔符“%1”：%2</translation>
    </message>
    <message>
        <source>The delimiter is empty. Give one, e.g. delim:\r\n or delim:hex:0D 0A.</source>
        <translation>分隔符为空。请指定一个，例如 delim:\r\n 或 delim:hex:0D 0A。</translation>
    </message>
    <message>
        <source>The length prefix &apos;%1&apos; must be 1, 2 or 4 bytes with an optional byte order and +hdr, e.g. prefix:2be or prefix:4le+hdr.</source>
        <translation>长度前缀“%1”必须是 1、2 或 4 字节，可加字节序和 +hdr，例如 prefix:2be 或 prefix:4le+hdr。</translation>
    </message>
    <message>
        <source>The maximum frame size %1 is smaller than the header (%2 bytes).</source>
        <translation>最大帧长 %1 小于帧头（%2 字节）。</translation>
    </message>
    <message>
        <source>Unknown framing &apos;%1&apos;. %2</source>
        <translation>未知的分帧方式“%1”。%2</translation>
    </message>
    <message>
        <source>A frame reached the maximum of %1 bytes without an idle gap and was cut there (stream offset %2).</source>
        <translation>一帧达到最大长度 %1 字节仍未出现空闲间隔，已在此处截断（流偏移 %2）。</translation>
    </message>
    <message>
        <source>A frame exceeded the maximum of %1 bytes without a delimiter; its first %1 bytes were passed on as a frame (stream offset %2).</source>
        <translation>一帧超过最大长度 %1 字节仍未遇到分隔符；其前 %1 字节已作为一帧交出（流偏移 %2）。</translation>
    </message>
    <message>
        <source>Skipped %1 bytes at stream offset %2 that did not start a valid frame: the length field gave %3 bytes, outside %4..%5. Check the prefix settings.</source>
        <translation>在流偏移 %2 处跳过了 %1 字节，它们不是有效帧的开头：长度字段为 %3 字节，不在 %4..%5 范围内。请检查长度前缀设置。</translation>
    </message>
    <message>
        <source>Frames keep their delimiter, so echo and {req:...} see the exact bytes; rules match a frame with or without it. Remove &apos;,strip&apos;.</source>
        <translation>帧保留其分隔符，回显和 {req:...} 得到的是原样字节；规则匹配帧时带不带分隔符均可。请去掉“,strip”。</translation>
    </message>
</context>
<context>
    <name>HexCodec</name>
    <message>
        <source>Invalid hex digit &apos;%1&apos; at position %2. Use 0-9 and A-F; separate bytes with spaces.</source>
        <translation>第 %2 个字符处的“%1”不是十六进制数字。请使用 0-9 和 A-F，字节之间用空格分隔。</translation>
    </message>
    <message>
        <source>&apos;0x&apos; at position %1 is not followed by hex digits.</source>
        <translation>第 %1 个字符处的“0x”后面没有十六进制数字。</translation>
    </message>
    <message>
        <source>Odd number of hex digits in &apos;%1&apos; at position %2. Each byte takes two digits (0F, not F); separate bytes with spaces.</source>
        <translation>第 %2 个字符处的“%1”包含奇数个十六进制数字。每个字节占两位（写 0F 而不是 F），字节之间用空格分隔。</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>There is no translation for &quot;%1&quot;; the languages are %2. Using the system language.</source>
        <translation>没有“%1”的翻译；可用的语言为 %2。将使用系统语言。</translation>
    </message>
</context>
<context>
    <name>PayloadSpec</name>
    <message>
        <source>The field %1 at position %2 means decimal text in text mode but binary bytes in hex mode, so it cannot be converted. Remove it, convert, and add it again.</source>
        <translation>第 %2 个字符处的字段 %1 在文本模式下表示十进制文本，在十六进制模式下表示二进制字节，因此无法转换。请先删除它，转换后再重新添加。</translation>
    </message>
    <message>
        <source>Unknown line ending &apos;%1&apos;. Use none, cr, lf or crlf.</source>
        <translation>未知的行尾“%1”。请使用 none、cr、lf 或 crlf。</translation>
    </message>
</context>
<context>
    <name>ReplyRule</name>
    <message>
        <source>Echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎消息</translation>
    </message>
    <message>
        <source>In the match pattern: %1</source>
        <translation>匹配模式中：%1</translation>
    </message>
    <message>
        <source>The match pattern cannot hold {fields}; write the bytes to match.</source>
        <translation>匹配模式不能包含 {字段}；请写出要匹配的字节。</translation>
    </message>
    <message>
        <source>The match pattern is empty; type the bytes to look for, or match anything.</source>
        <translation>匹配模式为空；请输入要查找的字节，或选择匹配任意帧。</translation>
    </message>
    <message>
        <source>The regular expression is invalid at position %1: %2.</source>
        <translation>正则表达式在第 %1 个字符处无效：%2。</translation>
    </message>
    <message>
        <source>The hex pattern has %1 at position %2: write bytes as two hex digits or ?? for any byte, e.g. 01 03 ?? ??.</source>
        <translation>十六进制模式在第 %2 个字符处有%1：每个字节请写两位十六进制数字，?? 表示任意字节，例如 01 03 ?? ??。</translation>
    </message>
    <message>
        <source>an odd digit</source>
        <translation>多余的一位数字</translation>
    </message>
    <message>
        <source>The hex pattern is empty; write bytes such as 01 03 ?? ??.</source>
        <translation>十六进制模式为空；请写出字节，例如 01 03 ?? ??。</translation>
    </message>
    <message>
        <source>In the reply: %1</source>
        <translation>回复中：%1</translation>
    </message>
    <message>
        <source>Rule &quot;%1&quot;: trigger must be &quot;frame&quot; or &quot;connect&quot;, not &quot;%2&quot;.</source>
        <translation>规则“%1”：trigger 必须是 &quot;frame&quot; 或 &quot;connect&quot;，而不是 &quot;%2&quot;。</translation>
    </message>
    <message>
        <source>Rule &quot;%1&quot;: match must be one of any, exact, prefix, contains, regex, hex; &quot;%2&quot; is not.</source>
        <translation>规则“%1”：match 必须是 any、exact、prefix、contains、regex、hex 之一；&quot;%2&quot; 不是。</translation>
    </message>
    <message>
        <source>Rule &quot;%1&quot;: action must be &quot;reply&quot; or &quot;echo&quot;, not &quot;%2&quot;.</source>
        <translation>规则“%1”：action 必须是 &quot;reply&quot; 或 &quot;echo&quot;，而不是 &quot;%2&quot;。</translation>
    </message>
    <message>
        <source>Rule &quot;%1&quot;: %2</source>
        <translation>规则“%1”：%2</translation>
    </message>
    <message>
        <source>Rule &quot;%1&quot;: target must be &quot;sender&quot; or &quot;all&quot;, not &quot;%2&quot;.</source>
        <translation>规则“%1”：target 必须是 &quot;sender&quot; 或 &quot;all&quot;，而不是 &quot;%2&quot;。</translation>
    </message>
    <message>
        <source>The rules file is not valid JSON at byte %1: %2.</source>
        <translation>规则文件在第 %1 字节处不是有效的 JSON：%2。</translation>
    </message>
    <message numerus="yes">
        <source>%1 reaches byte %2, but the request has %n byte(s).</source>
        <translation>
            <numerusform>%1 要用到第 %2 字节，但请求只有 %n 字节。</numerusform>
        </translation>
    </message>
    <message>
        <source>Rule &quot;%1&quot;: delayMs must be a whole number of milliseconds from 0 to 3600000, not %2.</source>
        <translation>规则“%1”：delayMs 必须是 0 到 3600000 之间的整数毫秒，而不是 %2。</translation>
    </message>
    <message>
        <source>The rules file must hold {&quot;rules&quot;: [...]}.</source>
        <translation>规则文件的内容必须是 {&quot;rules&quot;: [...]}。</translation>
    </message>
    <message>
        <source>The rules file has no &quot;rules&quot; list: write {&quot;rules&quot;: [...]}.</source>
        <translation>规则文件中没有“rules”列表：请写作 {&quot;rules&quot;: [...]}。</translation>
    </message>
    <message>
        <source>&quot;rules&quot; must be a list of rules, [{...}, ...].</source>
        <translation>“rules”必须是规则列表，[{...}, ...]。</translation>
    </message>
    <message>
        <source>Rule %1 of the list is not a rule (an object {...}) but %2.</source>
        <translation>列表中的第 %1 条不是规则（对象 {...}），而是 %2。</translation>
    </message>
</context>
<context>
    <name>TextCodec</name>
    <message>
        <source>The text encoding %1 is not available in this build of Qt (Core5Compat without ICU). Choose UTF-8 or ISO-8859-1.</source>
        <translation>此 Qt 版本不支持文本编码 %1（Core5Compat 未启用 ICU）。请选择 UTF-8 或 ISO-8859-1。</translation>
    </message>
    <message>
        <source>Unknown text encoding &apos;%1&apos;. Choose one of %2.</source>
        <translation>未知的文本编码“%1”。请选择以下之一：%2。</translation>
    </message>
    <message>
        <source>The character %1 at position %2 cannot be encoded in %3. Remove it, choose another encoding, or write its bytes with \xHH.</source>
        <translation>第 %2 个字符 %1 无法用 %3 编码。请删除它、换一种编码，或用 \xHH 写出其字节。</translation>
    </message>
    <message>
        <source>Unknown text encoding.</source>
        <translation>未知的文本编码。</translation>
    </message>
</context>
<context>
    <name>sockeye::AutomationBar</name>
    <message>
        <source>&amp;Echo</source>
        <translation>回显(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Welcome</source>
        <translation>欢迎消息(&amp;W)</translation>
    </message>
    <message>
        <source>Auto-reply:</source>
        <translation>自动回复：</translation>
    </message>
    <message>
        <source>Send every frame received straight back to its sender (a rule at the end of the rules list: rules above it answer first)</source>
        <translation>把收到的每一帧原样发回给发送方（相当于规则列表末尾的一条规则：其上方的规则优先应答）</translation>
    </message>
    <message>
        <source>&amp;On connect</source>
        <translation>连接时发送(&amp;O)</translation>
    </message>
    <message>
        <source>Send this payload to the server each time the connection is made</source>
        <translation>每次建立连接时向服务器发送此数据</translation>
    </message>
    <message>
        <source>Greet each client with this payload when it connects</source>
        <translation>每个客户端连接时向其发送此欢迎数据</translation>
    </message>
    <message>
        <source>Greet each new peer with this payload when its first datagram arrives</source>
        <translation>每个新对端的第一个数据报到达时向其发送此欢迎数据</translation>
    </message>
    <message>
        <source>text:Hello\r\n or hex:01 02</source>
        <translation>text:Hello\r\n 或 hex:01 02</translation>
    </message>
    <message>
        <source>Welcome payload</source>
        <translation>欢迎数据</translation>
    </message>
    <message>
        <source>The auto-reply rules of this session: match frames by bytes, hex pattern or regular expression and answer with a payload</source>
        <translation>本会话的自动回复规则：按字节、十六进制模式或正则表达式匹配帧，并以数据应答</translation>
    </message>
    <message>
        <source>R&amp;ules (%1 on)…</source>
        <translation>规则(&amp;U)（已启用 %1 条）…</translation>
    </message>
    <message>
        <source>Welcome message: %1</source>
        <translation>欢迎消息：%1</translation>
    </message>
</context>
<context>
    <name>sockeye::AutomationController</name>
    <message>
        <source>Type the welcome message first, e.g. text:Hello\r\n.</source>
        <translation>请先输入欢迎消息，例如 text:Hello\r\n。</translation>
    </message>
    <message>
        <source>Cannot open %1: %2.</source>
        <translation>无法打开 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot import %1. %2</source>
        <translation>无法导入 %1。%2</translation>
    </message>
    <message>
        <source>Cannot save %1: %2.</source>
        <translation>无法保存 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot import %1: it is larger than a rules file can be (16 MiB).</source>
        <translation>无法导入 %1：其大小超过规则文件的上限（16 MiB）。</translation>
    </message>
    <message>
        <source>Cannot import %1: it holds no rules.</source>
        <translation>无法导入 %1：其中没有规则。</translation>
    </message>
    <message>
        <source>Cannot import %1: its &quot;framing&quot; is not a framing spec. %2</source>
        <translation>无法导入 %1：其“framing”不是分帧规格。%2</translation>
    </message>
</context>
<context>
    <name>sockeye::BackgroundJob</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Sockeye</source>
        <translation>Sockeye</translation>
    </message>
</context>
<context>
    <name>sockeye::CaptureActions</name>
    <message>
        <source>received only</source>
        <translation>仅接收</translation>
    </message>
    <message>
        <source>sent only</source>
        <translation>仅发送</translation>
    </message>
    <message>
        <source>&amp;Record all sessions to file…</source>
        <translation>录制所有会话到文件(&amp;R)…</translation>
    </message>
    <message>
        <source>Record &amp;this session to file…</source>
        <translation>录制当前会话到文件(&amp;T)…</translation>
    </message>
    <message>
        <source>Stop &amp;recording</source>
        <translation>停止录制(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Open &amp;capture…</source>
        <translation>打开抓包文件(&amp;C)…</translation>
    </message>
    <message>
        <source>Write every session&apos;s traffic to a pcapng file as it happens; a long capture loses nothing</source>
        <translation>将所有会话的收发数据实时写入 pcapng 文件；长时间录制也不会丢失数据</translation>
    </message>
    <message>
        <source>Write the current session&apos;s traffic to a pcapng file as it happens</source>
        <translation>将当前会话的收发数据实时写入 pcapng 文件</translation>
    </message>
    <message>
        <source>Stop recording and close the file</source>
        <translation>停止录制并关闭文件</translation>
    </message>
    <message>
        <source>Save traffic as text, hex, hex dump, CSV, raw bytes or pcapng (Ctrl+E)</source>
        <translation>将收发数据保存为文本、十六进制、十六进制转储、CSV、原始字节或 pcapng（Ctrl+E）</translation>
    </message>
    <message>
        <source>Open a pcapng or pcap file (ours or Wireshark&apos;s) read-only, to look at or replay (Ctrl+Shift+O)</source>
        <translation>以只读方式打开 pcapng 或 pcap 文件（Sockeye 或 Wireshark 保存的均可），用于查看或重放（Ctrl+Shift+O）</translation>
    </message>
    <message>
        <source>Recording stopped: %1</source>
        <translation>录制已停止：%1</translation>
    </message>
    <message>
        <source>Recorded by Sockeye</source>
        <translation>由 Sockeye 录制</translation>
    </message>
    <message>
        <source>Recorded by Sockeye: %1</source>
        <translation>由 Sockeye 录制：%1</translation>
    </message>
    <message>
        <source>Recording to %1.</source>
        <translation>正在录制到 %1。</translation>
    </message>
    <message numerus="yes">
        <source>Recorded %n record(s) (%1) to %2.</source>
        <translation>
            <numerusform>已将 %n 条记录（%1）录制到 %2。</numerusform>
        </translation>
    </message>
    <message>
        <source>Record %1 to file</source>
        <translation>将 %1 录制到文件</translation>
    </message>
    <message>
        <source>Record all sessions to file</source>
        <translation>将所有会话录制到文件</translation>
    </message>
    <message>
        <source>every session</source>
        <translation>所有会话</translation>
    </message>
    <message>
        <source>peer %1</source>
        <translation>对端 %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n record(s))</source>
        <translation>
            <numerusform>%1（%n 条记录）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the whole capture (%n record(s))</source>
        <translation>
            <numerusform>整个抓包文件（%n 条记录）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>every session (%n record(s) in memory)</source>
        <translation>
            <numerusform>所有会话（内存中的 %n 条记录）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>%1%2</source>
        <translation>%1%2</translation>
    </message>
    <message>
        <source> (still recording)</source>
        <translation> （仍在录制）</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Nothing was recorded yet: start File &gt; Record first.</source>
        <translation>尚未录制任何内容：请先用“文件 &gt; 录制”开始录制。</translation>
    </message>
    <message>
        <source>Nothing to export: no records in that choice.</source>
        <translation>没有可导出的内容：所选范围内没有记录。</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1 (%2).</source>
        <translation>
            <numerusform>已将 %n 条记录导出到 %1（%2）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1 files next to %2.</source>
        <translation>
            <numerusform>已将 %n 条记录导出到 %2 所在位置的 %1 个文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export cancelled; %1 was left as it was.</source>
        <translation>导出已取消；%1 未做任何改动。</translation>
    </message>
    <message>
        <source>Open capture</source>
        <translation>打开抓包文件</translation>
    </message>
    <message>
        <source>Packet captures (*.pcapng *.pcap *.cap)</source>
        <translation>抓包文件 (*.pcapng *.pcap *.cap)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Opening %1 was cancelled.</source>
        <translation>已取消打开 %1。</translation>
    </message>
    <message>
        <source>%1 (read-only capture)</source>
        <translation>%1（只读抓包文件）</translation>
    </message>
    <message numerus="yes">
        <source>Opened %1: %n record(s).</source>
        <translation>
            <numerusform>已打开 %1：%n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>a list: the items so far, then the next one</comment>
        <translation>%1、%2</translation>
    </message>
</context>
<context>
    <name>sockeye::CapturePanel</name>
    <message>
        <source>&amp;Replay to…</source>
        <translation>重放到(&amp;R)…</translation>
    </message>
    <message>
        <source>S&amp;top replay</source>
        <translation>停止重放(&amp;T)</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; — read-only capture: %n record(s), %2 of data, %3 conversation(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — 只读抓包文件：%n 条记录，数据 %2，%3 个对话</numerusform>
        </translation>
    </message>
    <message>
        <source>All sessions</source>
        <translation>所有会话</translation>
    </message>
    <message>
        <source>Show one session of the capture</source>
        <translation>只显示抓包文件中的某一个会话</translation>
    </message>
    <message>
        <source>While reading: %1</source>
        <translation>读取时：%1</translation>
    </message>
    <message>
        <source>Send the client side of a conversation again through a live session, with the original timing or as fast as possible</source>
        <translation>经由一个运行中的会话，把某个对话中客户端一侧的数据重新发送一遍，按原始时序或尽快发送</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 of %2 records</source>
        <translation>%1 / %2 条记录</translation>
    </message>
    <message numerus="yes">
        <source>Replayed %n record(s) of %1.</source>
        <translation>
            <numerusform>已重放 %1 的 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Replay of %1 stopped: %2</source>
        <translation>%1 的重放已停止：%2</translation>
    </message>
    <message>
        <source>Nothing to replay: %1 sent no data in this capture.</source>
        <translation>没有可重放的内容：%1 在此抓包文件中没有发送数据。</translation>
    </message>
    <message>
        <source>Replaying %1</source>
        <translation>正在重放 %1</translation>
    </message>
    <message>
        <source>Replay stopped after %1 of %2 records.</source>
        <translation>重放已停止，已发送 %1 / %2 条记录。</translation>
    </message>
</context>
<context>
    <name>sockeye::CaptureReader</name>
    <message>
        <source>The file is empty or too short to be a capture.</source>
        <translation>文件为空或太短，不是抓包文件。</translation>
    </message>
    <message>
        <source>Reading was cancelled.</source>
        <translation>读取已取消。</translation>
    </message>
    <message>
        <source>The capture ends in the middle of a packet (was the recording cut off?); everything before that was read.</source>
        <translation>抓包文件在一个数据包中间结束（录制是否被中断？）；之前的内容均已读取。</translation>
    </message>
    <message>
        <source>This is not a pcapng file: the byte-order magic is wrong.</source>
        <translation>这不是 pcapng 文件：字节序标识不正确。</translation>
    </message>
    <message>
        <source>The capture is damaged: a section header has length %1.</source>
        <translation>抓包文件已损坏：某个节头的长度为 %1。</translation>
    </message>
    <message>
        <source>The capture is damaged at byte %1 (a block of length %2); reading stopped there.</source>
        <translation>抓包文件在第 %1 字节处损坏（一个长度为 %2 的块）；读取在此停止。</translation>
    </message>
    <message>
        <source>Some packets refer to an interface the capture does not describe; they were skipped.</source>
        <translation>部分数据包引用了抓包文件中未描述的接口，已跳过。</translation>
    </message>
    <message>
        <source>Some packets were cut short by the capture&apos;s snapshot length; their missing bytes are missing from the streams.</source>
        <translation>部分数据包被抓包的快照长度截断；缺失的字节在数据流中同样缺失。</translation>
    </message>
    <message>
        <source>The file is too short to be a capture.</source>
        <translation>文件太短，不是抓包文件。</translation>
    </message>
    <message>
        <source>This is neither a pcapng nor a pcap file (it starts with %1).</source>
        <translation>这既不是 pcapng 文件也不是 pcap 文件（文件开头为 %1）。</translation>
    </message>
    <message>
        <source>The capture is damaged at byte %1; reading stopped there.</source>
        <translation>抓包文件在第 %1 字节处损坏；读取在此停止。</translation>
    </message>
    <message>
        <source>Packets of link type %1 are not understood and were skipped.</source>
        <translation>无法识别链路类型为 %1 的数据包，已跳过。</translation>
    </message>
    <message>
        <source>Fragmented IP datagrams are not reassembled; they were skipped.</source>
        <translation>分片的 IP 数据报不会被重组，已跳过。</translation>
    </message>
    <message>
        <source>TCP %1</source>
        <translation>TCP %1</translation>
    </message>
    <message>
        <source>UDP %1</source>
        <translation>UDP %1</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s) of the stream %1 were not captured; the stream continues after the gap.</source>
        <translation>
            <numerusform>数据流 %1 有 %n 字节未被捕获；数据流在缺口之后继续。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 reset the connection</source>
        <translation>%1 重置了连接</translation>
    </message>
    <message>
        <source>%1 closed the connection</source>
        <translation>%1 关闭了连接</translation>
    </message>
    <message>
        <source>Disconnected %1</source>
        <translation>已断开 %1</translation>
    </message>
    <message>
        <source>Connected to %1 from %2</source>
        <translation>已从 %2 连接到 %1</translation>
    </message>
    <message>
        <source>Accepted %1</source>
        <translation>已接受 %1</translation>
    </message>
    <message>
        <source>Cannot open %1: %2.</source>
        <translation>无法打开 %1：%2。</translation>
    </message>
    <message>
        <source>%1 was already connected when the capture started</source>
        <translation>抓包开始时 %1 已经连接</translation>
    </message>
</context>
<context>
    <name>sockeye::CaptureWriter</name>
    <message>
        <source>Session %1</source>
        <translation>会话 %1</translation>
    </message>
    <message>
        <source>Sockeye session %1: %2</source>
        <translation>Sockeye 会话 %1：%2</translation>
    </message>
    <message>
        <source>The addresses of this peer are unknown; 192.0.2.1 and 192.0.2.2 stand in for them.</source>
        <translation>此对端的地址未知；以 192.0.2.1 和 192.0.2.2 代替。</translation>
    </message>
</context>
<context>
    <name>sockeye::CertificateDialog</name>
    <message>
        <source>Certificates of %1</source>
        <translation>%1 的证书</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>, ALPN %1</source>
        <translation>，ALPN %1</translation>
    </message>
    <message>
        <source>: verified</source>
        <translation>：已验证</translation>
    </message>
    <message>
        <source>: not verified</source>
        <translation>：未验证</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Certificate chain</source>
        <translation>证书链</translation>
    </message>
    <message>
        <source>Certificate %1 of %2</source>
        <translation>证书 %1 / %2</translation>
    </message>
    <message>
        <source> (expired)</source>
        <translation> （已过期）</translation>
    </message>
    <message>
        <source> (not yet valid)</source>
        <translation> （尚未生效）</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>使用者</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>签发者</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>有效期起始</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期截止</translation>
    </message>
    <message>
        <source>For names</source>
        <translation>适用名称</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Self-signed</source>
        <translation>自签名</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>&amp;Copy as PEM</source>
        <translation>复制为 PEM(&amp;C)</translation>
    </message>
    <message>
        <source>Copy every certificate of the chain, as PEM text</source>
        <translation>以 PEM 文本复制证书链中的每一个证书</translation>
    </message>
</context>
<context>
    <name>sockeye::ClosableTabBar</name>
    <message>
        <source>Close this tab</source>
        <translation>关闭此标签页</translation>
    </message>
</context>
<context>
    <name>sockeye::CommandLine</name>
    <message>
        <source>&quot;%1&quot; is not [ADDRESS:]PORT; write e.g. 7000, 127.0.0.1:7000 or [::1]:7000.</source>
        <translation>“%1”不是 [地址:]端口 的格式；请写成例如 7000、127.0.0.1:7000 或 [::1]:7000。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a local address; use an IP address of this machine, any, any4 or any6.</source>
        <translation>“%1”不是本机地址；请使用本机的 IP 地址，或 any、any4、any6。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not HOST:PORT; write e.g. localhost:7000 or [::1]:7000.</source>
        <translation>“%1”不是 主机:端口 的格式；请写成例如 localhost:7000 或 [::1]:7000。</translation>
    </message>
    <message>
        <source>Sockeye: a network debugging assistant for TCP servers, TCP clients and UDP.</source>
        <translation>Sockeye：网络调试助手，支持 TCP 服务器、TCP 客户端和 UDP。</translation>
    </message>
    <message>
        <source>Open and start a TCP server on [ADDR:]PORT (repeatable).</source>
        <translation>在 [ADDR:]PORT 上打开并启动 TCP 服务器（可重复）。</translation>
    </message>
    <message>
        <source>[ADDR:]PORT</source>
        <translation>[ADDR:]PORT</translation>
    </message>
    <message>
        <source>Open a TCP client and connect to HOST:PORT (repeatable).</source>
        <translation>打开 TCP 客户端并连接到 HOST:PORT（可重复）。</translation>
    </message>
    <message>
        <source>HOST:PORT</source>
        <translation>HOST:PORT</translation>
    </message>
    <message>
        <source>Open and bind a UDP socket on [ADDR:]PORT (repeatable).</source>
        <translation>在 [ADDR:]PORT 上打开并绑定 UDP 套接字（可重复）。</translation>
    </message>
    <message>
        <source>Workspace files (*.sockeye) to open.</source>
        <translation>要打开的工作区文件（*.sockeye）。</translation>
    </message>
    <message>
        <source>[FILE.sockeye...]</source>
        <translation>[FILE.sockeye...]</translation>
    </message>
    <message>
        <source>Language of the user interface: en or zh_CN (default: the setting in View &gt; Language, else the system&apos;s).</source>
        <translation>界面语言：en 或 zh_CN（默认使用“视图 &gt; 语言”中的设置，未设置时跟随系统）。</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>LANG</translation>
    </message>
    <message>
        <source>Keep at most MIB mebibytes of traffic in memory (1 to %1, default %2); past it the oldest records are dropped, and the traffic view says how many.</source>
        <translation>内存中最多保留 MIB 兆字节（MiB）的流量（1 到 %1，默认 %2）；超出时丢弃最早的记录，流量视图会说明丢弃了多少。</translation>
    </message>
    <message>
        <source>MIB</source>
        <translation>MIB</translation>
    </message>
    <message>
        <source>--log-size must be a whole number of mebibytes from 1 to %1, not &apos;%2&apos;.</source>
        <translation>--log-size 必须是 1 到 %1 之间的整数（单位 MiB），而不是“%2”。</translation>
    </message>
</context>
<context>
    <name>sockeye::ConnectionDetails</name>
    <message>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>Local end</source>
        <translation>本端</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>连接于</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Round trip</source>
        <translation>往返时间</translation>
    </message>
    <message>
        <source>Retransmitted</source>
        <translation>重传</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>Send queue</source>
        <translation>发送队列</translation>
    </message>
    <message>
        <source>Receive queue</source>
        <translation>接收队列</translation>
    </message>
    <message>
        <source>Listening on</source>
        <translation>监听于</translation>
    </message>
    <message>
        <source>Accept queue</source>
        <translation>接受队列</translation>
    </message>
    <message>
        <source>Overflows</source>
        <translation>溢出</translation>
    </message>
    <message>
        <source>The peer&apos;s address and port</source>
        <translation>对端的地址和端口</translation>
    </message>
    <message>
        <source>Our address and port (for a client, the local port the kernel chose)</source>
        <translation>本端的地址和端口（客户端为内核选择的本地端口）</translation>
    </message>
    <message>
        <source>The kernel&apos;s smoothed round-trip time and its mean deviation (TCP_INFO)</source>
        <translation>内核的平滑往返时间及其平均偏差（TCP_INFO）</translation>
    </message>
    <message>
        <source>Segments sent again over the connection&apos;s life: a lossy or congested path</source>
        <translation>连接期间重新发送的报文段：路径有丢包或拥塞</translation>
    </message>
    <message>
        <source>The congestion window: segments the kernel may have in flight, of MSS bytes</source>
        <translation>拥塞窗口：内核可以同时在途的报文段数，每段 MSS 字节</translation>
    </message>
    <message>
        <source>Segments sent and not yet acknowledged by the peer</source>
        <translation>已发送但对端尚未确认的报文段</translation>
    </message>
    <message>
        <source>Bytes written and not yet acknowledged by the peer (SIOCOUTQ)</source>
        <translation>已写入但对端尚未确认的字节（SIOCOUTQ）</translation>
    </message>
    <message>
        <source>Bytes the kernel received and Sockeye has not read yet (SIOCINQ)</source>
        <translation>内核已接收但 Sockeye 尚未读取的字节（SIOCINQ）</translation>
    </message>
    <message>
        <source>Connections the kernel completed that wait for Sockeye to accept them, of the listen backlog</source>
        <translation>内核已完成握手、等待 Sockeye 接受的连接数，以及监听队列长度</translation>
    </message>
    <message>
        <source>Connections the kernel refused because a listener&apos;s accept queue was full (ListenOverflows, for every listener on this system)</source>
        <translation>因监听者的接受队列已满而被内核拒绝的连接（ListenOverflows，统计本系统上的所有监听者）</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Select one connection to see its details.</source>
        <translation>选择一个连接以查看其详情。</translation>
    </message>
    <message>
        <source>Connection to %1</source>
        <translation>与 %1 的连接</translation>
    </message>
    <message>
        <source>Connection to %1 (closed; the figures it ended with)</source>
        <translation>与 %1 的连接（已关闭；显示结束时的数值）</translation>
    </message>
    <message>
        <source>%1 (for %2)</source>
        <translation>%1（已持续 %2）</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 (± %2)</source>
        <translation>%1（± %2）</translation>
    </message>
    <message>
        <source>%1 segments</source>
        <translation>%1 个报文段</translation>
    </message>
    <message>
        <source>%1 segments of %2 B</source>
        <translation>%1 个报文段，每段 %2 B</translation>
    </message>
    <message>
        <source>%1 segments unacknowledged</source>
        <translation>%1 个报文段未确认</translation>
    </message>
    <message>
        <source>Not listening</source>
        <translation>未在监听</translation>
    </message>
    <message>
        <source>%1 waiting of %2</source>
        <translation>%1 个等待（上限 %2）</translation>
    </message>
    <message>
        <source>not known on this system</source>
        <translation>本系统上无法得知</translation>
    </message>
    <message>
        <source>%1 since listening</source>
        <translation>开始监听以来 %1 次</translation>
    </message>
    <message>
        <source>That connection has ended; its details are no longer kept.</source>
        <translation>该连接已结束，它的详情已不再保留。</translation>
    </message>
    <message>
        <source>%1 (lasted %2)</source>
        <translation>%1（持续了 %2）</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>The TLS version, cipher and ALPN protocol agreed, and whether the peer&apos;s certificate was verified</source>
        <translation>协商的 TLS 版本、加密套件和 ALPN 协议，以及对端的证书是否已验证</translation>
    </message>
    <message>
        <source>The peer&apos;s certificate; Certificate chain shows every field</source>
        <translation>对端的证书；“证书链”显示所有字段</translation>
    </message>
    <message>
        <source>Certificate &amp;chain…</source>
        <translation>证书链(&amp;C)…</translation>
    </message>
    <message>
        <source>Every certificate the peer presented, with all its fields</source>
        <translation>对端出示的每一个证书及其所有字段</translation>
    </message>
    <message>
        <source>, ALPN %1</source>
        <translation>，ALPN %1</translation>
    </message>
    <message>
        <source> — verified</source>
        <translation> — 已验证</translation>
    </message>
    <message>
        <source> — NOT verified</source>
        <translation> — 未验证</translation>
    </message>
    <message>
        <source> — no client certificate</source>
        <translation> — 无客户端证书</translation>
    </message>
    <message>
        <source> — client certificate not verified</source>
        <translation> — 客户端证书未验证</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1, issued by %2, valid until %3</source>
        <translation>%1，由 %2 签发，有效期至 %3</translation>
    </message>
</context>
<context>
    <name>sockeye::ConnectionListModel</name>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>KiB</source>
        <translation>KiB</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>TiB</source>
        <translation>TiB</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>接收字节</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>发送字节</translation>
    </message>
    <message>
        <source>Frames in</source>
        <translation>接收帧数</translation>
    </message>
    <message>
        <source>Frames out</source>
        <translation>发送帧数</translation>
    </message>
    <message>
        <source>Rate in</source>
        <translation>接收速率</translation>
    </message>
    <message>
        <source>Rate out</source>
        <translation>发送速率</translation>
    </message>
    <message>
        <source>The kernel&apos;s smoothed round-trip time of this connection (TCP_INFO)</source>
        <translation>内核对此连接的平滑往返时间（TCP_INFO）</translation>
    </message>
    <message>
        <source>RTT</source>
        <translation>RTT</translation>
    </message>
    <message>
        <source>%1 in 1 frame</source>
        <translation>%1，1 帧</translation>
    </message>
    <message>
        <source>%1 in %2 frames</source>
        <translation>%1，%2 帧</translation>
    </message>
</context>
<context>
    <name>sockeye::ConnectionStory</name>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>Handshake with %1 began</source>
        <translation>开始与 %1 握手</translation>
    </message>
    <message>
        <source>Connected after %1, from %2 (the local port the kernel chose)</source>
        <translation>%1 后连接成功，本端 %2（内核选择的本地端口）</translation>
    </message>
    <message>
        <source>Connected after %1, from %2 (the local port you chose)</source>
        <translation>%1 后连接成功，本端 %2（你指定的本地端口）</translation>
    </message>
    <message>
        <source>Accepted %1 on %2 (the kernel had completed the handshake)</source>
        <translation>在 %2 上接受了 %1（内核已完成握手）</translation>
    </message>
    <message>
        <source>First bytes in, %1 after connecting</source>
        <translation>连接后 %1 收到第一批字节</translation>
    </message>
    <message>
        <source>First bytes out, %1 after connecting</source>
        <translation>连接后 %1 发出第一批字节</translation>
    </message>
    <message>
        <source>The peer finished sending (FIN), %1 after connecting; it can still be sent to</source>
        <translation>连接后 %1 对端结束发送（FIN）；仍可向其发送</translation>
    </message>
    <message>
        <source>We half-closed (FIN), %1 after connecting; receiving until the peer closes</source>
        <translation>连接后 %1 我方半关闭（FIN）；继续接收直到对端关闭</translation>
    </message>
    <message>
        <source>The peer closed too (FIN), %1 after connecting: we had closed first</source>
        <translation>连接后 %1 对端也关闭了（FIN）：我方先关闭</translation>
    </message>
    <message>
        <source>The peer closed the connection (FIN), %1 after connecting: it closed first</source>
        <translation>连接后 %1 对端关闭了连接（FIN）：对端先关闭</translation>
    </message>
    <message>
        <source>The peer reset the connection (RST), %1 after connecting</source>
        <translation>连接后 %1 对端重置了连接（RST）</translation>
    </message>
    <message>
        <source>We closed (FIN), %1 after connecting: the peer had finished first</source>
        <translation>连接后 %1 我方关闭（FIN）：对端先结束发送</translation>
    </message>
    <message>
        <source>We closed the connection (FIN), %1 after connecting: we closed first</source>
        <translation>连接后 %1 我方关闭了连接（FIN）：我方先关闭</translation>
    </message>
    <message>
        <source>We reset the connection (RST), %1 after connecting</source>
        <translation>连接后 %1 我方重置了连接（RST）</translation>
    </message>
    <message>
        <source>%1 B in, %2 B out</source>
        <translation>收 %1 B，发 %2 B</translation>
    </message>
</context>
<context>
    <name>sockeye::ConversationTable</name>
    <message>
        <source>Session %1</source>
        <translation>会话 %1</translation>
    </message>
    <message>
        <source>peer %1</source>
        <translation>对端 %1</translation>
    </message>
</context>
<context>
    <name>sockeye::ExportDialog</name>
    <message>
        <source>Include connection events</source>
        <translation>包含连接事件</translation>
    </message>
    <message>
        <source>Export traffic</source>
        <translation>导出收发数据</translation>
    </message>
    <message>
        <source>What</source>
        <translation>导出内容</translation>
    </message>
    <message>
        <source>&amp;All traffic</source>
        <translation>全部数据(&amp;A)</translation>
    </message>
    <message>
        <source>What the &amp;view shows</source>
        <translation>视图中显示的内容(&amp;V)</translation>
    </message>
    <message>
        <source>The &amp;selected records</source>
        <translation>选中的记录(&amp;S)</translation>
    </message>
    <message>
        <source>The &amp;recording file</source>
        <translation>录制文件(&amp;R)</translation>
    </message>
    <message>
        <source>Text log</source>
        <translation>文本日志</translation>
    </message>
    <message>
        <source>Hex log</source>
        <translation>十六进制日志</translation>
    </message>
    <message>
        <source>Hex dump</source>
        <translation>十六进制转储</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>Raw bytes</source>
        <translation>原始字节</translation>
    </message>
    <message>
        <source>pcapng (Wireshark)</source>
        <translation>pcapng（Wireshark）</translation>
    </message>
    <message>
        <source>One file, every data record in order</source>
        <translation>单个文件，按顺序包含所有数据记录</translation>
    </message>
    <message>
        <source>One file per peer and direction</source>
        <translation>每个对端、每个方向各一个文件</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>格式(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Raw files</source>
        <translation>原始文件(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Encoding</source>
        <translation>编码(&amp;E)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Raw writes the bytes exactly as they crossed the wire. One file mixes every peer and both directions; filter the view first, or write one file per peer and direction (NAME-s1-p2-rx.bin next to the file you choose).</source>
        <translation>原始字节按线路上传输的原样写出。单个文件会混合所有对端和收发两个方向；请先筛选视图，或按对端和方向各写一个文件（在所选文件旁生成 NAME-s1-p2-rx.bin 这样的文件）。</translation>
    </message>
    <message>
        <source>Packets with real addresses and ports, for Wireshark and tshark; events become packet comments.</source>
        <translation>数据包带有真实的地址和端口，可用 Wireshark 和 tshark 分析；事件写为数据包注释。</translation>
    </message>
    <message>
        <source>Time, session, peer, direction, length, bytes as hex and event text.</source>
        <translation>时间、会话、对端、方向、长度、十六进制字节和事件文本。</translation>
    </message>
    <message>
        <source>The recording holds everything since it started, also what the memory budget already dropped from the view.</source>
        <translation>录制文件包含自开始录制以来的全部内容，包括因内存预算已从视图中丢弃的记录。</translation>
    </message>
    <message>
        <source>Text log (%1)</source>
        <translation>文本日志 (%1)</translation>
    </message>
    <message>
        <source>Hex log (%1)</source>
        <translation>十六进制日志 (%1)</translation>
    </message>
    <message>
        <source>Hex dump (%1)</source>
        <translation>十六进制转储 (%1)</translation>
    </message>
    <message>
        <source>CSV (%1)</source>
        <translation>CSV (%1)</translation>
    </message>
    <message>
        <source>Raw bytes (%1)</source>
        <translation>原始字节 (%1)</translation>
    </message>
    <message>
        <source>pcapng capture (%1)</source>
        <translation>pcapng 抓包文件 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>sockeye::Exporter</name>
    <message>
        <source>The export was cancelled; no file was written.</source>
        <translation>导出已取消；未写入任何文件。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation>无法写入 %1：%2。</translation>
    </message>
    <message>
        <source>Exported by Sockeye</source>
        <translation>由 Sockeye 导出</translation>
    </message>
    <message>
        <source>Session %1</source>
        <translation>会话 %1</translation>
    </message>
    <message>
        <source>peer %1</source>
        <translation>对端 %1</translation>
    </message>
    <message>
        <source>Nothing to write to: the export was not begun.</source>
        <translation>没有可写入的目标：导出尚未开始。</translation>
    </message>
    <message>
        <source>Cannot save %1: %2.</source>
        <translation>无法保存 %1：%2。</translation>
    </message>
</context>
<context>
    <name>sockeye::FileSender</name>
    <message>
        <source>Cannot send %1: %2.</source>
        <translation>无法发送 %1：%2。</translation>
    </message>
    <message>
        <source>Sending the file was cancelled after %1 of %2 bytes.</source>
        <translation>文件发送已取消，已发送 %1 / %2 字节。</translation>
    </message>
    <message>
        <source>Sent %1 (%2 bytes).</source>
        <translation>已发送 %1（%2 字节）。</translation>
    </message>
    <message>
        <source>Reading %1 failed after %2 bytes: %3.</source>
        <translation>读取 %1 在 %2 字节后失败：%3。</translation>
    </message>
</context>
<context>
    <name>sockeye::FramingEdit</name>
    <message>
        <source>The framing spec, as sockeye-cli --framing takes it: delim:\r\n, delim,keep:hex:0D 0A, idle:20, fixed:8, prefix:2be, prefix:2le,offset=1,adjust=2, each with max=N</source>
        <translation>分帧规格，写法与 sockeye-cli --framing 相同：delim:\r\n、delim,keep:hex:0D 0A、idle:20、fixed:8、prefix:2be、prefix:2le,offset=1,adjust=2，均可加 max=N</translation>
    </message>
    <message>
        <source>Each chunk</source>
        <translation>每次接收</translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <source>Idle gap</source>
        <translation>空闲间隔</translation>
    </message>
    <message>
        <source>Fixed length</source>
        <translation>固定长度</translation>
    </message>
    <message>
        <source>Length prefix</source>
        <translation>长度前缀</translation>
    </message>
    <message>
        <source>Every chunk the socket delivers is one frame</source>
        <translation>套接字每次交付的数据为一帧</translation>
    </message>
    <message>
        <source>A frame ends at a delimiter, e.g. delim:\r\n or delim:hex:03</source>
        <translation>遇到分隔符时一帧结束，例如 delim:\r\n 或 delim:hex:03</translation>
    </message>
    <message>
        <source>A frame ends when nothing arrives for some milliseconds</source>
        <translation>若干毫秒内没有新数据到达时一帧结束</translation>
    </message>
    <message>
        <source>Every N bytes are a frame</source>
        <translation>每 N 字节为一帧</translation>
    </message>
    <message>
        <source>A length field at the start says how long the frame is</source>
        <translation>帧开头的长度字段指明帧的长度</translation>
    </message>
    <message>
        <source>How received bytes are cut into requests for the rules</source>
        <translation>如何把接收的字节切分成交给规则处理的请求</translation>
    </message>
    <message>
        <source>Framing spec</source>
        <translation>分帧规格</translation>
    </message>
    <message>
        <source>or a spec: delim:\n</source>
        <translation>或写规格：delim:\n</translation>
    </message>
</context>
<context>
    <name>sockeye::LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>跟随系统（%1）</translation>
    </message>
    <message>
        <source>Takes effect when Sockeye is restarted</source>
        <translation>重启 Sockeye 后生效</translation>
    </message>
    <message>
        <source>the system language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Sockeye will use %1 the next time it starts.</source>
        <translation>Sockeye 下次启动时将使用 %1。</translation>
    </message>
</context>
<context>
    <name>sockeye::MainWindow</name>
    <message>
        <source>Sockeye</source>
        <translation>Sockeye</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Current rates over every session</source>
        <translation>所有会话的当前速率</translation>
    </message>
    <message>
        <source>Open a session to send presets.</source>
        <translation>请先打开一个会话再发送预设。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New session</source>
        <translation>新建会话(&amp;N)</translation>
    </message>
    <message>
        <source>TCP &amp;server</source>
        <translation>TCP 服务器(&amp;S)</translation>
    </message>
    <message>
        <source>Listen for TCP clients</source>
        <translation>监听 TCP 客户端的连接</translation>
    </message>
    <message>
        <source>TCP &amp;client</source>
        <translation>TCP 客户端(&amp;C)</translation>
    </message>
    <message>
        <source>Connect to a TCP server</source>
        <translation>连接到 TCP 服务器</translation>
    </message>
    <message>
        <source>&amp;UDP</source>
        <translation>&amp;UDP</translation>
    </message>
    <message>
        <source>Send and receive datagrams</source>
        <translation>发送和接收数据报</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>新建会话</translation>
    </message>
    <message>
        <source>&amp;Open workspace…</source>
        <translation>打开工作区(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a *.sockeye workspace (Ctrl+O)</source>
        <translation>打开 *.sockeye 工作区（Ctrl+O）</translation>
    </message>
    <message>
        <source>&amp;Save workspace…</source>
        <translation>保存工作区(&amp;S)…</translation>
    </message>
    <message>
        <source>Save every session and preset to a *.sockeye file (Ctrl+S)</source>
        <translation>将所有会话和预设保存到 *.sockeye 文件（Ctrl+S）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <source>Start / stop</source>
        <translation>启动 / 停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send the composer&apos;s payload (Ctrl+Enter)</source>
        <translation>发送编辑区中的数据（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Close session</source>
        <translation>关闭会话</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Pause / resume</source>
        <translation>暂停 / 继续</translation>
    </message>
    <message>
        <source>Freeze the traffic view; recording goes on (Ctrl+P)</source>
        <translation>冻结数据视图；记录仍在继续（Ctrl+P）</translation>
    </message>
    <message>
        <source>Clear traffic</source>
        <translation>清空数据</translation>
    </message>
    <message>
        <source>Clear the traffic view (Ctrl+L)</source>
        <translation>清空数据视图（Ctrl+L）</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>查找…</translation>
    </message>
    <message>
        <source>Search the traffic (Ctrl+F)</source>
        <translation>在收发数据中搜索（Ctrl+F）</translation>
    </message>
    <message>
        <source>Find next</source>
        <translation>查找下一个</translation>
    </message>
    <message>
        <source>Find previous</source>
        <translation>查找上一个</translation>
    </message>
    <message>
        <source>Show as %1</source>
        <translation>显示为%1</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Saved as a preset; rename it in the Presets panel (F2).</source>
        <translation>已保存为预设；可在“预设”面板中重命名（F2）。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>%1 %2  %3 %4</source>
        <translation>%1 %2  %3 %4</translation>
    </message>
    <message numerus="yes">
        <source>Opened %n session(s) from %1</source>
        <translation>
            <numerusform>已从 %1 打开 %n 个会话</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n session(s) to %1</source>
        <translation>
            <numerusform>已将 %n 个会话保存到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <source>Sockeye workspaces (*.sockeye);;All files (*)</source>
        <translation>Sockeye 工作区 (*.sockeye);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save workspace</source>
        <translation>保存工作区</translation>
    </message>
    <message>
        <source>Sockeye workspaces (*.sockeye)</source>
        <translation>Sockeye 工作区 (*.sockeye)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Session %1 of the last run was not restored: %2</source>
        <translation>上次运行的第 %1 个会话未能恢复：%2</translation>
    </message>
    <message numerus="yes">
        <source>Replace the %n open session(s) with those of %1, or add them?</source>
        <translation>
            <numerusform>用 %1 中的会话替换当前打开的 %n 个会话，还是添加到其后？</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Next session</source>
        <translation>下一个会话</translation>
    </message>
    <message>
        <source>Previous session</source>
        <translation>上一个会话</translation>
    </message>
    <message>
        <source>Go to the send box</source>
        <translation>转到发送框</translation>
    </message>
    <message>
        <source>Type the next payload (Ctrl+K)</source>
        <translation>输入下一条要发送的数据（Ctrl+K）</translation>
    </message>
    <message>
        <source>Quit Sockeye</source>
        <translation>退出 Sockeye</translation>
    </message>
    <message>
        <source>One connection is still open. Quit and close it?</source>
        <translation>还有一个连接处于打开状态。要退出并关闭它吗？</translation>
    </message>
    <message>
        <source>%1 connections in %2 sessions are still open. Quit and close them?</source>
        <translation>%2 个会话中还有 %1 个连接处于打开状态。要退出并关闭它们吗？</translation>
    </message>
    <message>
        <source>Everything received and sent by every session since start (or since Session &gt; Reset counters)</source>
        <translation>所有会话自启动（或自“会话 &gt; 重置计数”）以来收发的全部数据</translation>
    </message>
    <message>
        <source>Reset counters</source>
        <translation>重置计数</translation>
    </message>
    <message>
        <source>Quick commands</source>
        <translation>快捷指令</translation>
    </message>
    <message>
        <source>A button per preset: click (or press its hotkey) to send it</source>
        <translation>每个预设一个按钮：点击（或按其快捷键）即发送</translation>
    </message>
    <message>
        <source>Quick-command bar</source>
        <translation>快捷指令栏</translation>
    </message>
    <message>
        <source>Show a button per preset above the status bar</source>
        <translation>在状态栏上方为每个预设显示一个按钮</translation>
    </message>
    <message>
        <source>No presets yet: &quot;Save as preset&quot; in the composer adds one</source>
        <translation>还没有预设：在发送区点击“保存为预设”即可添加</translation>
    </message>
    <message>
        <source>More tools</source>
        <translation>更多工具</translation>
    </message>
    <message>
        <source>TLS se&amp;rver</source>
        <translation>TLS 服务器(&amp;R)</translation>
    </message>
    <message>
        <source>Listen for TLS clients, with a self-signed certificate to start with</source>
        <translation>监听 TLS 客户端，初始使用自签名证书</translation>
    </message>
    <message>
        <source>TLS c&amp;lient</source>
        <translation>TLS 客户端(&amp;L)</translation>
    </message>
    <message>
        <source>Connect to a TLS server and verify its certificate</source>
        <translation>连接到 TLS 服务器并验证其证书</translation>
    </message>
    <message>
        <source>New TCP, TLS or UDP session (Ctrl+N)</source>
        <translation>新建 TCP、TLS 或 UDP 会话（Ctrl+N）</translation>
    </message>
</context>
<context>
    <name>sockeye::PacketSynthesizer</name>
    <message>
        <source>%1 bytes of this datagram were cut: a UDP datagram carries at most %2.</source>
        <translation>此数据报被截掉了 %1 字节：一个 UDP 数据报最多承载 %2 字节。</translation>
    </message>
    <message>
        <source>Already connected when the recording started</source>
        <translation>录制开始时已连接</translation>
    </message>
</context>
<context>
    <name>sockeye::PayloadEditor</name>
    <message>
        <source>line %1, column %2</source>
        <translation>第 %1 行，第 %2 列</translation>
    </message>
    <message>
        <source>Little endian</source>
        <translation>小端</translation>
    </message>
    <message>
        <source>Big endian</source>
        <translation>大端</translation>
    </message>
    <message>
        <source>Escapes</source>
        <translation>转义</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Switching converts what is typed to the other form</source>
        <translation>切换时会把已输入的内容转换为另一种形式</translation>
    </message>
    <message>
        <source>Process \r \n \xHH escapes and {fields} in text mode; off sends exactly what is typed</source>
        <translation>在文本模式下处理 \r \n \xHH 转义和 {字段}；关闭时按输入原样发送</translation>
    </message>
    <message>
        <source>No line ending</source>
        <translation>无行尾</translation>
    </message>
    <message>
        <source>CR</source>
        <translation>CR</translation>
    </message>
    <message>
        <source>LF</source>
        <translation>LF</translation>
    </message>
    <message>
        <source>CR LF</source>
        <translation>CR LF</translation>
    </message>
    <message>
        <source>No checksum</source>
        <translation>无校验</translation>
    </message>
    <message>
        <source>all bytes</source>
        <translation>所有字节</translation>
    </message>
    <message>
        <source>Checksum range</source>
        <translation>校验范围</translation>
    </message>
    <message>
        <source>The bytes the checksum covers, START:END as in a Python slice (END is not included, negative numbers count from the end): 1: leaves out the first byte, 2:-1 the first two and the last. Empty: every byte.</source>
        <translation>校验覆盖的字节，START:END，与 Python 切片相同（不含 END，负数从末尾倒数）：1: 不含第一个字节，2:-1 不含前两个和最后一个。留空：所有字节。</translation>
    </message>
    <message>
        <source>Byte order of the checksum on the wire</source>
        <translation>校验值在线路上的字节序</translation>
    </message>
    <message>
        <source>Cannot convert: %1</source>
        <translation>无法转换：%1</translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <translation>%1（默认）</translation>
    </message>
    <message>
        <source>At %1: %2</source>
        <translation>在 %1 处：%2</translation>
    </message>
    <message>
        <source>Checksum byte order</source>
        <translation>校验字节序</translation>
    </message>
</context>
<context>
    <name>sockeye::PcapngWriter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>sockeye::PeriodicSend</name>
    <message>
        <source>payload: must be an object with the payload to send.</source>
        <translation>payload：必须是一个对象，给出要发送的数据。</translation>
    </message>
    <message>
        <source>payload: %1</source>
        <translation>payload：%1</translation>
    </message>
    <message>
        <source>intervalMs: must be a whole number of milliseconds from 1 to %1.</source>
        <translation>intervalMs：必须是 1 到 %1 之间的整数毫秒数。</translation>
    </message>
    <message>
        <source>count: must be a whole number from 0 (until stopped) to %1.</source>
        <translation>count：必须是 0（一直发送到停止）到 %1 之间的整数。</translation>
    </message>
    <message>
        <source>running: must be true or false.</source>
        <translation>running：必须是 true 或 false。</translation>
    </message>
</context>
<context>
    <name>sockeye::PeriodicSender</name>
    <message>
        <source>Nothing to send: add a payload first.</source>
        <translation>没有要发送的内容：请先添加数据。</translation>
    </message>
    <message>
        <source>1 tick</source>
        <translation>1 个节拍</translation>
    </message>
    <message>
        <source>%1 ticks</source>
        <translation>%1 个节拍</translation>
    </message>
    <message>
        <source>%1 of the %2 ms interval passed unsent: the machine was too busy to send on time (late ticks are sent in batches of up to %3).</source>
        <translation>%2 毫秒间隔中有 %1 未发送：机器太忙，无法按时发送（迟到的节拍每批最多补发 %3 个）。</translation>
    </message>
</context>
<context>
    <name>sockeye::Preset</name>
    <message>
        <source>Preset &quot;%1&quot; was left out: %2</source>
        <translation>预设“%1”未载入：%2</translation>
    </message>
    <message>
        <source>A preset without a payload was left out.</source>
        <translation>一个没有数据的预设未载入。</translation>
    </message>
    <message>
        <source>A preset was left out: its name can have at most %1 characters and its payload at most %2.</source>
        <translation>有一个预设被略去：预设名称最多 %1 个字符，数据最多 %2 个字符。</translation>
    </message>
</context>
<context>
    <name>sockeye::PresetPanel</name>
    <message>
        <source>Send the selected preset to the current session</source>
        <translation>将选中的预设发送到当前会话</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Load the selected preset into the composer</source>
        <translation>将选中的预设载入编辑区</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Delete the selected preset</source>
        <translation>删除选中的预设</translation>
    </message>
    <message>
        <source>Save a payload from the composer with &quot;Save as preset&quot;.</source>
        <translation>在编辑区中点击“保存为预设”即可保存数据。</translation>
    </message>
    <message>
        <source>Preset %1</source>
        <translation>预设 %1</translation>
    </message>
    <message>
        <source>Double-click a preset (or press its hotkey) to send it; F2 renames it; right-click sets its hotkey</source>
        <translation>双击预设（或按其快捷键）发送；F2 重命名；右键设置快捷键</translation>
    </message>
    <message>
        <source>Send %1</source>
        <translation>发送 %1</translation>
    </message>
    <message>
        <source>Send %1 (%2)</source>
        <translation>发送 %1（%2）</translation>
    </message>
    <message>
        <source>the preset &quot;%1&quot;</source>
        <translation>预设“%1”</translation>
    </message>
    <message>
        <source>%1 is already taken by %2.</source>
        <translation>%1 已被 %2 占用。</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Load into the composer</source>
        <translation>载入发送区</translation>
    </message>
    <message>
        <source>Set hotkey…</source>
        <translation>设置快捷键…</translation>
    </message>
    <message>
        <source>No hotkey</source>
        <translation>取消快捷键</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>sockeye::RateGraph</name>
    <message>
        <source>Received (%1) and sent (%2) bytes per second, last 60 s</source>
        <translation>最近 60 秒每秒接收（%1）和发送（%2）的字节数</translation>
    </message>
    <message>
        <source>Received (%1) and sent (%2) bytes per second, last 60 s; peak %3</source>
        <translation>最近 60 秒每秒接收（%1）和发送（%2）的字节数；峰值 %3</translation>
    </message>
    <message>
        <source>No traffic</source>
        <translation>无收发数据</translation>
    </message>
</context>
<context>
    <name>sockeye::ReceiveFile</name>
    <message>
        <source>Choose a file to write received data to.</source>
        <translation>请选择写入接收数据的文件。</translation>
    </message>
    <message>
        <source>Cannot write received data to %1: the folder %2 does not exist. Create it or choose another file.</source>
        <translation>无法把接收数据写入 %1：文件夹 %2 不存在。请创建它或选择其他文件。</translation>
    </message>
    <message>
        <source>Cannot write received data to %1: it is a folder. Choose a file.</source>
        <translation>无法把接收数据写入 %1：这是一个文件夹。请选择文件。</translation>
    </message>
    <message>
        <source>Cannot write received data to %1: %2. Choose another file.</source>
        <translation>无法把接收数据写入 %1：%2。请选择其他文件。</translation>
    </message>
    <message>
        <source>Stopped writing received data to %1: it could not be renamed to %2 to start the next file. Check the folder&apos;s permissions. Receiving goes on without the file.</source>
        <translation>已停止把接收数据写入 %1：无法将其重命名为 %2 以开始下一个文件。请检查文件夹权限。接收会继续，但不再写入该文件。</translation>
    </message>
    <message>
        <source>Saving received data to %1 (%2)</source>
        <translation>正在把接收数据保存到 %1（%2）</translation>
    </message>
    <message>
        <source>Stopped writing received data to %1: %2 (%3 of %4 bytes written). Receiving goes on without the file.</source>
        <translation>已停止把接收数据写入 %1：%2（%4 字节中写入了 %3 字节）。接收会继续，但不再写入该文件。</translation>
    </message>
</context>
<context>
    <name>sockeye::ReceiveFileButton</name>
    <message>
        <source>To file</source>
        <translation>存文件</translation>
    </message>
    <message>
        <source>To file (stopped)</source>
        <translation>存文件（已停止）</translation>
    </message>
    <message>
        <source>%1
Click to choose a file and go on writing.</source>
        <translation>%1
点击选择文件并继续写入。</translation>
    </message>
    <message>
        <source>%1
Click to stop writing.</source>
        <translation>%1
点击停止写入。</translation>
    </message>
    <message>
        <source>Save what this session receives to a file while it runs: the bytes, or a text log with times</source>
        <translation>会话运行期间把收到的数据保存到文件：原样字节，或带时间的文本日志</translation>
    </message>
</context>
<context>
    <name>sockeye::ReceiveFileDialog</name>
    <message>
        <source>Save received data to a file</source>
        <translation>把接收数据保存到文件</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Received data is appended to this file while the session runs (an existing file is continued)</source>
        <translation>会话运行期间接收数据追加写入此文件（已有文件会接着写）</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Write</source>
        <translation>写入(&amp;W)</translation>
    </message>
    <message>
        <source>The bytes exactly (raw)</source>
        <translation>原样字节（raw）</translation>
    </message>
    <message>
        <source>A text log: time, peer and data per read</source>
        <translation>文本日志：每次读取一行，含时间、对端和数据</translation>
    </message>
    <message>
        <source>&amp;Rotate at</source>
        <translation>轮转大小(&amp;R)</translation>
    </message>
    <message>
        <source>Before the file would pass this size it is renamed FILE.1 (FILE.1 to FILE.2 ... up to FILE.9) and a new one is started</source>
        <translation>文件将超过此大小前，重命名为 FILE.1（FILE.1 改为 FILE.2 … 最多到 FILE.9）并开始新文件</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Start writing</source>
        <translation>开始写入</translation>
    </message>
    <message>
        <source>Save received data to</source>
        <translation>把接收数据保存到</translation>
    </message>
    <message>
        <source>Choose the file to write received data to.</source>
        <translation>请选择写入接收数据的文件。</translation>
    </message>
    <message>
        <source>%1 is a folder: choose a file in it.</source>
        <translation>%1 是文件夹：请选择其中的文件。</translation>
    </message>
    <message>
        <source>The folder %1 does not exist: create it or choose another.</source>
        <translation>文件夹 %1 不存在：请创建它或选择其他文件夹。</translation>
    </message>
</context>
<context>
    <name>sockeye::ReceiveFileSettings</name>
    <message>
        <source>path: must name the file to write received data to.</source>
        <translation>path：必须指定写入接收数据的文件。</translation>
    </message>
    <message>
        <source>format: must be &quot;raw&quot; (the bytes) or &quot;log&quot; (a text log).</source>
        <translation>format：必须是 &quot;raw&quot;（原样字节）或 &quot;log&quot;（文本日志）。</translation>
    </message>
    <message>
        <source>rotateBytes: must be 0 (one file) or a whole number of bytes from %1.</source>
        <translation>rotateBytes：必须是 0（单个文件）或不小于 %1 的整数字节数。</translation>
    </message>
    <message>
        <source>on: must be true or false.</source>
        <translation>on：必须是 true 或 false。</translation>
    </message>
</context>
<context>
    <name>sockeye::Recorder</name>
    <message>
        <source>Cannot record to %1: %2. Choose a folder you can write to.</source>
        <translation>无法录制到 %1：%2。请选择一个有写入权限的文件夹。</translation>
    </message>
    <message>
        <source>Recording to %1 stopped: %2. Free some disk space or record elsewhere.</source>
        <translation>录制到 %1 已停止：%2。请释放磁盘空间，或录制到其他位置。</translation>
    </message>
    <message>
        <source>Recording to %1 stopped: %2.</source>
        <translation>录制到 %1 已停止：%2。</translation>
    </message>
    <message>
        <source>TLS sessions (%1): recorded as their decrypted payloads on synthesized TCP streams, not as the encrypted bytes on the wire.</source>
        <translation>TLS 会话（%1）：记录的是解密后的载荷，放在合成的 TCP 流上，而不是线路上加密的字节。</translation>
    </message>
</context>
<context>
    <name>sockeye::RecordingIndicator</name>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop recording and close the file</source>
        <translation>停止录制并关闭文件</translation>
    </message>
    <message numerus="yes">
        <source>&lt;span style=&quot;color:%1&quot;&gt;●&lt;/span&gt; Recording &lt;b&gt;%2&lt;/b&gt; — %3, %n record(s)</source>
        <translation>
            <numerusform>&lt;span style=&quot;color:%1&quot;&gt;●&lt;/span&gt; 正在录制 &lt;b&gt;%2&lt;/b&gt; — %3，%n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Recording every record to %1 (pcapng); nothing is lost when the view drops old records</source>
        <translation>正在将每条记录录制到 %1（pcapng）；视图丢弃旧记录时也不会丢失任何数据</translation>
    </message>
</context>
<context>
    <name>sockeye::ReplayDialog</name>
    <message>
        <source>&amp;Original timing</source>
        <translation>原始时序(&amp;O)</translation>
    </message>
    <message>
        <source>As &amp;fast as possible</source>
        <translation>尽快发送(&amp;F)</translation>
    </message>
    <message>
        <source>Replay to a session</source>
        <translation>重放到会话</translation>
    </message>
    <message>
        <source>%1 — %2 (%3)</source>
        <translation>%1 — %2（%3）</translation>
    </message>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>The conversation whose client side (what the client sent) is sent again</source>
        <translation>要重新发送其客户端一侧（即客户端发出的数据）的对话</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>A live session sends the bytes: connect a TCP client or start a server with a client first</source>
        <translation>由一个运行中的会话发送这些字节：请先连接一个 TCP 客户端，或启动一个服务器并让客户端连上</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>2× replays twice as fast as recorded</source>
        <translation>2× 表示以录制时两倍的速度重放</translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <source>Send &amp;through</source>
        <translation>经由会话(&amp;T)</translation>
    </message>
    <message>
        <source>Timing</source>
        <translation>时序</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>重放</translation>
    </message>
    <message>
        <source>The capture holds no conversation to replay.</source>
        <translation>抓包文件中没有可重放的对话。</translation>
    </message>
    <message>
        <source>Open a session to replay through (a TCP client connected to the server to test, for example).</source>
        <translation>请先打开一个用于重放的会话（例如连接到待测服务器的 TCP 客户端）。</translation>
    </message>
    <message>
        <source>%1 is not running: start or connect it first.</source>
        <translation>%1 未在运行：请先启动或连接。</translation>
    </message>
</context>
<context>
    <name>sockeye::Replayer</name>
    <message>
        <source>Cannot replay: there is no session to send to.</source>
        <translation>无法重放：没有可发送的会话。</translation>
    </message>
    <message>
        <source>Cannot replay: the selection holds no data to send.</source>
        <translation>无法重放：所选内容中没有可发送的数据。</translation>
    </message>
    <message>
        <source>The replay stopped: its session was closed.</source>
        <translation>重放已停止：其会话已关闭。</translation>
    </message>
</context>
<context>
    <name>sockeye::Responder</name>
    <message>
        <source>Rule &quot;%1&quot; could not build its reply: %2</source>
        <translation>规则“%1”无法生成回复：%2</translation>
    </message>
</context>
<context>
    <name>sockeye::RuleDialog</name>
    <message>
        <source>(every frame matches)</source>
        <translation>（匹配每一帧）</translation>
    </message>
    <message>
        <source>the whole frame, e.g. text:PING\r\n or hex:01 03 00 00</source>
        <translation>整帧内容，例如 text:PING\r\n 或 hex:01 03 00 00</translation>
    </message>
    <message>
        <source>the first bytes, e.g. text:AT+ or hex:01 03</source>
        <translation>开头的字节，例如 text:AT+ 或 hex:01 03</translation>
    </message>
    <message>
        <source>bytes anywhere in the frame, e.g. text:OK or hex:0D 0A</source>
        <translation>帧中任意位置的字节，例如 text:OK 或 hex:0D 0A</translation>
    </message>
    <message>
        <source>a regular expression on the frame as text, e.g. ^AT\+GMR\r?$</source>
        <translation>对帧文本的正则表达式，例如 ^AT\+GMR\r?$</translation>
    </message>
    <message>
        <source>the whole frame in hex, ?? for any byte, e.g. 01 03 ?? ?? 00 02</source>
        <translation>十六进制的整帧，?? 表示任意字节，例如 01 03 ?? ?? 00 02</translation>
    </message>
    <message>
        <source>Auto-reply rule</source>
        <translation>自动回复规则</translation>
    </message>
    <message>
        <source>e.g. Answer PING</source>
        <translation>例如：应答 PING</translation>
    </message>
    <message>
        <source>A frame arrives</source>
        <translation>收到一帧时</translation>
    </message>
    <message>
        <source>A peer connects</source>
        <translation>对端连接时</translation>
    </message>
    <message>
        <source>Rules for frames are tried in order and the first match answers; every rule for connections fires when a peer connects</source>
        <translation>针对帧的规则按顺序尝试，由第一条匹配的规则应答；针对连接的规则在对端连接时全部触发</translation>
    </message>
    <message>
        <source>Any frame</source>
        <translation>任意帧</translation>
    </message>
    <message>
        <source>Equals</source>
        <translation>等于</translation>
    </message>
    <message>
        <source>Starts with</source>
        <translation>开头是</translation>
    </message>
    <message>
        <source>Contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>Hex pattern</source>
        <translation>十六进制模式</translation>
    </message>
    <message>
        <source>How the received frame is compared with the pattern</source>
        <translation>接收的帧如何与模式比较</translation>
    </message>
    <message>
        <source>Match pattern</source>
        <translation>匹配模式</translation>
    </message>
    <message>
        <source>How the frame is decoded to text for the expression</source>
        <translation>为正则表达式把帧解码为文本所用的编码</translation>
    </message>
    <message>
        <source>Send a payload</source>
        <translation>发送数据</translation>
    </message>
    <message>
        <source>Echo the frame</source>
        <translation>回显该帧</translation>
    </message>
    <message>
        <source>Encoding of a text reply</source>
        <translation>文本回复的编码</translation>
    </message>
    <message>
        <source>Appended after the reply (and after any checksum)</source>
        <translation>追加在回复之后（在校验之后）</translation>
    </message>
    <message>
        <source>Checksum of the reply, appended before the line ending</source>
        <translation>回复的校验，追加在换行之前</translation>
    </message>
    <message>
        <source>Reply payload</source>
        <translation>回复数据</translation>
    </message>
    <message>
        <source>Text: \r \n \xHH escapes, {seq} {time:iso} {rand:2} fields. Hex: 01 03 04 00 2A. {req:0:2} copies 2 request bytes from offset 0.</source>
        <translation>文本：支持 \r \n \xHH 转义和 {seq} {time:iso} {rand:2} 字段。十六进制：01 03 04 00 2A。{req:0:2} 从偏移 0 处复制 2 个请求字节。</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Wait this long before replying (simulates a slow device)</source>
        <translation>回复前等待这么长时间（模拟响应慢的设备）</translation>
    </message>
    <message>
        <source>The sender</source>
        <translation>发送方</translation>
    </message>
    <message>
        <source>Every peer</source>
        <translation>所有对端</translation>
    </message>
    <message>
        <source>Who gets the reply</source>
        <translation>回复发给谁</translation>
    </message>
    <message>
        <source>a frame in the payload syntax, e.g. hex:01 03 00 00 00 02 C4 0B or text:PING</source>
        <translation>用数据语法写的一帧，例如 hex:01 03 00 00 00 02 C4 0B 或 text:PING</translation>
    </message>
    <message>
        <source>Sample frame</source>
        <translation>示例帧</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation>触发(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Match:</source>
        <translation>匹配(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Reply:</source>
        <translation>回复(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Send to:</source>
        <translation>发往(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Delay:</source>
        <translation>延时(&amp;D)：</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>试一试</translation>
    </message>
    <message>
        <source>Sample &amp;frame:</source>
        <translation>示例帧(&amp;F)：</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>(fires when a peer connects)</source>
        <translation>（对端连接时触发）</translation>
    </message>
    <message>
        <source>%1 (Column %2 of the pattern.)</source>
        <translation>%1（模式的第 %2 列。）</translation>
    </message>
    <message>
        <source>Fix the rule first: %1</source>
        <translation>请先修正规则：%1</translation>
    </message>
    <message>
        <source>Fix the rule first.</source>
        <translation>请先修正规则。</translation>
    </message>
    <message numerus="yes">
        <source>When a peer connects, sends %n byte(s): %1</source>
        <translation>
            <numerusform>对端连接时发送 %n 字节：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Type a frame above to see whether this rule answers it, and with which bytes.</source>
        <translation>在上方输入一帧，看看此规则是否应答以及回复哪些字节。</translation>
    </message>
    <message>
        <source>The sample is not a valid payload: %1</source>
        <translation>示例不是有效的数据：%1</translation>
    </message>
    <message numerus="yes">
        <source>No match for these %n byte(s): %1. The frame goes on to the next rule.</source>
        <translation>
            <numerusform>这 %n 个字节不匹配：%1。该帧交给下一条规则。</numerusform>
        </translation>
    </message>
    <message>
        <source>Matches, but the reply cannot be built: %1</source>
        <translation>匹配，但无法生成回复：%1</translation>
    </message>
    <message numerus="yes">
        <source>Matches. Reply, %n byte(s): %1</source>
        <translation>
            <numerusform>匹配。回复 %n 字节：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>(after %1 ms)</source>
        <translation>（%1 毫秒后）</translation>
    </message>
    <message numerus="yes">
        <source>The session&apos;s framing %1 cuts the sample into %n frame(s); the first, %2, is tried.</source>
        <translation>
            <numerusform>会话的分帧方式 %1 将样本切分为 %n 帧；试用第一帧 %2。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sockeye::RulesEditor</name>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>复制(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>下移(&amp;W)</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Reset &amp;counts</source>
        <translation>计数清零(&amp;C)</translation>
    </message>
    <message>
        <source>Auto-reply rules — %1</source>
        <translation>自动回复规则 — %1</translation>
    </message>
    <message>
        <source>Frames go through the ticked rules from the top; the first match answers. Drag rows to reorder; double-click to edit.</source>
        <translation>每一帧从上到下依次经过已勾选的规则，由第一条匹配的规则应答。拖动行可调整顺序；双击可编辑。</translation>
    </message>
    <message>
        <source>Add a rule below the selected one</source>
        <translation>在选中的规则下方添加一条规则</translation>
    </message>
    <message>
        <source>Edit the selected rule (or double-click it)</source>
        <translation>编辑选中的规则（或双击它）</translation>
    </message>
    <message>
        <source>Copy the selected rule just below it</source>
        <translation>把选中的规则复制到它的下方</translation>
    </message>
    <message>
        <source>Delete the selected rule (Delete)</source>
        <translation>删除选中的规则（Delete）</translation>
    </message>
    <message>
        <source>Try the selected rule earlier (Ctrl+Up)</source>
        <translation>提前尝试选中的规则（Ctrl+Up）</translation>
    </message>
    <message>
        <source>Try the selected rule later (Ctrl+Down)</source>
        <translation>推后尝试选中的规则（Ctrl+Down）</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Replace the rules with those of a JSON file; the arrow adds them instead</source>
        <translation>用 JSON 文件中的规则替换当前规则；点箭头则改为追加</translation>
    </message>
    <message>
        <source>Replace the rules with a file…</source>
        <translation>用文件替换规则…</translation>
    </message>
    <message>
        <source>Add the rules of a file…</source>
        <translation>追加文件中的规则…</translation>
    </message>
    <message>
        <source>Save the rules as JSON (sockeye-cli listen --rules reads it)</source>
        <translation>将规则保存为 JSON（可供 sockeye-cli listen --rules 读取）</translation>
    </message>
    <message>
        <source>Set every match count back to 0</source>
        <translation>将所有匹配计数归零</translation>
    </message>
    <message>
        <source>Add a rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <source>Edit rule</source>
        <translation>编辑规则</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
    <message numerus="yes">
        <source>Replaced the rules with the %n rule(s) of %1.</source>
        <translation>
            <numerusform>已用 %1 中的 %n 条规则替换当前规则。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added the %n rule(s) of %1.</source>
        <translation>
            <numerusform>已追加 %1 中的 %n 条规则。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n rule(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 条规则保存到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Replace the rules with a file</source>
        <translation>用文件替换规则</translation>
    </message>
    <message>
        <source>Add the rules of a file</source>
        <translation>追加文件中的规则</translation>
    </message>
    <message>
        <source>Rules (*.json);;All files (*)</source>
        <translation>规则 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export rules</source>
        <translation>导出规则</translation>
    </message>
    <message>
        <source>Rules (*.json)</source>
        <translation>规则 (*.json)</translation>
    </message>
    <message>
        <source>each chunk received is a frame</source>
        <translation>每次接收的数据为一帧</translation>
    </message>
    <message>
        <source>frames are cut by &lt;code&gt;%1&lt;/code&gt;</source>
        <translation>按 &lt;code&gt;%1&lt;/code&gt; 分帧</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 of %2 rules on.&lt;/b&gt; Each frame received goes through the ticked rules from the top and the first that matches answers; rules for connections all fire when a peer connects. Here %3 (set in the traffic view&apos;s Frames field). A frame keeps its delimiter: a rule matches it with or without the delimiter, and echo and &lt;code&gt;{req:...}&lt;/code&gt; get the exact bytes.</source>
        <translation>&lt;b&gt;已启用 %1 / %2 条规则。&lt;/b&gt;收到的每一帧从上到下依次经过勾选的规则，第一条匹配的规则作答；连接规则在对端连接时全部触发。此处%3（在流量视图的“分帧”栏中设置）。帧保留其分隔符：规则匹配时带不带分隔符均可，回显和 &lt;code&gt;{req:...}&lt;/code&gt; 得到的是原样字节。</translation>
    </message>
    <message>
        <source>The session&apos;s framing is now %1, as the file asks.</source>
        <translation>会话的分帧方式现为 %1，与文件的要求一致。</translation>
    </message>
</context>
<context>
    <name>sockeye::RulesModel</name>
    <message>
        <source>a peer connects</source>
        <translation>对端连接</translation>
    </message>
    <message>
        <source>any frame</source>
        <translation>任意帧</translation>
    </message>
    <message>
        <source>equals %1</source>
        <translation>等于 %1</translation>
    </message>
    <message>
        <source>starts with %1</source>
        <translation>开头是 %1</translation>
    </message>
    <message>
        <source>contains %1</source>
        <translation>包含 %1</translation>
    </message>
    <message>
        <source>regex %1</source>
        <translation>正则 %1</translation>
    </message>
    <message>
        <source>hex %1</source>
        <translation>十六进制 %1</translation>
    </message>
    <message>
        <source>echo the frame</source>
        <translation>回显该帧</translation>
    </message>
    <message>
        <source>%1 + %2</source>
        <translation>%1 + %2</translation>
    </message>
    <message>
        <source>%1 + CR</source>
        <translation>%1 + CR</translation>
    </message>
    <message>
        <source>%1 + LF</source>
        <translation>%1 + LF</translation>
    </message>
    <message>
        <source>%1 + CR LF</source>
        <translation>%1 + CR LF</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>at once</source>
        <translation>立即</translation>
    </message>
    <message>
        <source>every peer</source>
        <translation>所有对端</translation>
    </message>
    <message>
        <source>sender</source>
        <translation>发送方</translation>
    </message>
    <message>
        <source>On: untick to keep the rule without using it</source>
        <translation>已启用：取消勾选可保留规则但不使用</translation>
    </message>
    <message>
        <source>Off: tick to use the rule</source>
        <translation>已停用：勾选即可使用该规则</translation>
    </message>
    <message>
        <source>How many frames this rule answered (or connections it greeted)</source>
        <translation>此规则应答的帧数（或发送欢迎消息的连接数）</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>When</source>
        <translation>触发</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Delay</source>
        <translation>延时</translation>
    </message>
    <message>
        <source>To</source>
        <translation>发往</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>匹配次数</translation>
    </message>
</context>
<context>
    <name>sockeye::SelfSignedCertificate</name>
    <message>
        <source>Cannot write %1: %2. Check that the folder can be written.</source>
        <translation>无法写入 %1：%2。请检查该文件夹是否可写。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation>无法写入 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the self-signed certificate: check that its parent can be written.</source>
        <translation>无法为自签名证书创建文件夹 %1：请检查其上级文件夹是否可写。</translation>
    </message>
    <message>
        <source>Could not make a self-signed certificate (OpenSSL failed to %1).</source>
        <translation>无法生成自签名证书（OpenSSL 未能 %1）。</translation>
    </message>
</context>
<context>
    <name>sockeye::SendComposer</name>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>定时发送</translation>
    </message>
    <message>
        <source>Payload to send. Text mode: \r \n \t \xHH escapes and {seq} {time:iso} {rand:4} fields. Hex mode: 48 65 6C 6C 6F. Ctrl+Enter sends; Up/Down recall history.</source>
        <translation>要发送的数据。文本模式：支持 \r \n \t \xHH 转义和 {seq} {time:iso} {rand:4} 字段。十六进制模式：48 65 6C 6C 6F。Ctrl+Enter 发送；上/下方向键调出历史记录。</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Encoding of text payloads</source>
        <translation>文本数据的编码</translation>
    </message>
    <message>
        <source>Appended after the payload (and after any checksum)</source>
        <translation>追加在数据之后（在校验之后）</translation>
    </message>
    <message>
        <source>Checksum of the payload, appended before the line ending</source>
        <translation>数据的校验，追加在换行之前</translation>
    </message>
    <message>
        <source>Send the payload (Ctrl+Enter)</source>
        <translation>发送数据（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Send the payload again and again at the interval, the given number of times (0: until stopped)</source>
        <translation>按设定的间隔重复发送数据，共发送指定次数（0：直到停止）</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Interval between periodic sends</source>
        <translation>定时发送的间隔</translation>
    </message>
    <message>
        <source>forever</source>
        <translation>无限次</translation>
    </message>
    <message>
        <source>× </source>
        <translation>× </translation>
    </message>
    <message>
        <source>How many periodic sends (forever: until stopped)</source>
        <translation>定时发送的次数（无限次：直到停止）</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>Send a file, streamed in chunks</source>
        <translation>分块发送一个文件</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>保存为预设</translation>
    </message>
    <message>
        <source>Keep this payload in the presets list</source>
        <translation>把这条数据保存到预设列表</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop sending the file</source>
        <translation>停止发送文件</translation>
    </message>
    <message>
        <source>%1 of %2 bytes</source>
        <translation>%1 / %2 字节</translation>
    </message>
    <message>
        <source>To: all clients (select rows to choose)</source>
        <translation>发往：所有客户端（选中行可指定）</translation>
    </message>
    <message>
        <source>To: the server</source>
        <translation>发往：服务器</translation>
    </message>
    <message>
        <source>To: the target host and port</source>
        <translation>发往：目标主机和端口</translation>
    </message>
    <message numerus="yes">
        <source>To: %n selected peer(s)</source>
        <translation>
            <numerusform>发往：选中的 %n 个对端</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop (%1/%2)</source>
        <translation>停止（%1/%2）</translation>
    </message>
    <message>
        <source>Stop (%1 sent)</source>
        <translation>停止（已发送 %1）</translation>
    </message>
    <message>
        <source>Send a file</source>
        <translation>发送文件</translation>
    </message>
    <message>
        <source>To: %1</source>
        <translation>发往：%1</translation>
    </message>
    <message>
        <source>the selected client</source>
        <translation>选中的客户端</translation>
    </message>
    <message>
        <source>To: the %1 selected clients</source>
        <translation>发往：选中的 %1 个客户端</translation>
    </message>
    <message>
        <source>%1k</source>
        <translation>%1k</translation>
    </message>
    <message>
        <source>%1M</source>
        <translation>%1M</translation>
    </message>
    <message>
        <source>Clear after send</source>
        <translation>发送后清空</translation>
    </message>
    <message>
        <source>Empty the editor after each send (Up brings the payload back from the history)</source>
        <translation>每次发送后清空编辑区（按 Up 键可从历史记录取回）</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Send history</source>
        <translation>发送历史</translation>
    </message>
    <message>
        <source>Payloads sent from this box, newest first: pick one to load it into the editor (Up/Down walk them too)</source>
        <translation>从此发送区发送过的数据，最新的在前：选择一项即载入编辑区（也可用 Up/Down 键浏览）</translation>
    </message>
    <message>
        <source>Nothing sent yet</source>
        <translation>尚未发送任何数据</translation>
    </message>
    <message>
        <source>hex %1</source>
        <translation>十六进制 %1</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>Periodic send count</source>
        <translation>定时发送次数</translation>
    </message>
</context>
<context>
    <name>sockeye::Session</name>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Resolving host</source>
        <translation>正在解析主机</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Listening</source>
        <translation>正在监听</translation>
    </message>
    <message>
        <source>Bound</source>
        <translation>已绑定</translation>
    </message>
    <message>
        <source>Closing</source>
        <translation>正在关闭</translation>
    </message>
    <message>
        <source>Waiting to reconnect</source>
        <translation>等待重连</translation>
    </message>
    <message>
        <source>Reading from %1 paused: %2 bytes wait to be sent to it, which it does not read as fast as it sends. Reading resumes as it catches up (later pauses are not listed).</source>
        <translation>已暂停从 %1 读取：有 %2 字节等待发给它，它读取的速度跟不上它发送的速度。它赶上后恢复读取（之后的暂停不再列出）。</translation>
    </message>
    <message>
        <source>%1 finished sending (FIN); you can still send to it: the connection stays half-open until you close it</source>
        <translation>%1 已结束发送（FIN）；仍可向其发送：连接保持半开，直到你关闭它</translation>
    </message>
    <message>
        <source>%1 finished sending (FIN); you can still send to it: what is for it goes out before the connection ends</source>
        <translation>%1 已结束发送（FIN）；仍可向其发送：发给它的数据会在连接结束前发出</translation>
    </message>
    <message>
        <source>UDP has no connection: there are no TCP statistics.</source>
        <translation>UDP 没有连接：没有 TCP 统计。</translation>
    </message>
    <message>
        <source>%1 bytes in 1 frame</source>
        <translation>%1 字节，1 帧</translation>
    </message>
    <message>
        <source>%1 bytes in %2 frames</source>
        <translation>%1 字节，%2 帧</translation>
    </message>
    <message>
        <source>were %1 received, %2 sent</source>
        <translation>重置前接收 %1，发送 %2</translation>
    </message>
    <message>
        <source>Counters reset (%1)</source>
        <translation>计数已重置（%1）</translation>
    </message>
    <message>
        <source>Counters of %1 reset (%2)</source>
        <translation>%1 的计数已重置（%2）</translation>
    </message>
    <message>
        <source>peer %1</source>
        <translation>对端 %1</translation>
    </message>
</context>
<context>
    <name>sockeye::SessionConfig</name>
    <message>
        <source>TCP server :%1</source>
        <translation>TCP 服务器 :%1</translation>
    </message>
    <message>
        <source>TCP client %1</source>
        <translation>TCP 客户端 %1</translation>
    </message>
    <message>
        <source>UDP :%1</source>
        <translation>UDP :%1</translation>
    </message>
    <message>
        <source>Unknown session kind &quot;%1&quot;: use tcp-server, tcp-client or udp.</source>
        <translation>未知的会话类型“%1”：请使用 tcp-server、tcp-client 或 udp。</translation>
    </message>
    <message>
        <source>bindPort must be a port number from 0 to 65535.</source>
        <translation>bindPort 必须是 0 到 65535 之间的端口号。</translation>
    </message>
    <message>
        <source>remotePort must be a port number from 0 to 65535.</source>
        <translation>remotePort 必须是 0 到 65535 之间的端口号。</translation>
    </message>
    <message>
        <source>backlog must be from 1 to 65535.</source>
        <translation>backlog 必须在 1 到 65535 之间。</translation>
    </message>
    <message>
        <source>maxClients must be from 0 (no limit) to 1000000.</source>
        <translation>maxClients 必须在 0（不限）到 1000000 之间。</translation>
    </message>
    <message>
        <source>connectTimeoutMs must be from 1 to 3600000.</source>
        <translation>connectTimeoutMs 必须在 1 到 3600000 之间。</translation>
    </message>
    <message>
        <source>reconnectMinMs and reconnectMaxMs must be from 1 to 3600000.</source>
        <translation>reconnectMinMs 和 reconnectMaxMs 必须在 1 到 3600000 之间。</translation>
    </message>
    <message>
        <source>bindAddress &quot;%1&quot; is not an address: use any, any4, any6 or an IP address.</source>
        <translation>bindAddress “%1”不是地址：请使用 any、any4、any6 或 IP 地址。</translation>
    </message>
    <message>
        <source>%1 is %2 characters long; it can be at most %3.</source>
        <translation>%1 长 %2 个字符；最多只能有 %3 个。</translation>
    </message>
    <message>
        <source>keepAliveIdleS must be from 0 (keepalive off) to 32767 seconds.</source>
        <translation>keepAliveIdleS 必须在 0（关闭保活）到 32767 秒之间。</translation>
    </message>
    <message>
        <source>keepAliveIntervalS must be from 1 to 32767 seconds.</source>
        <translation>keepAliveIntervalS 必须在 1 到 32767 秒之间。</translation>
    </message>
    <message>
        <source>keepAliveCount must be from 1 to 127 probes.</source>
        <translation>keepAliveCount 必须在 1 到 127 次探测之间。</translation>
    </message>
    <message>
        <source>%1 must be 0 (the system&apos;s) or from 1024 to %2 bytes.</source>
        <translation>%1 必须为 0（使用系统默认值）或在 1024 到 %2 字节之间。</translation>
    </message>
    <message>
        <source>TLS server :%1</source>
        <translation>TLS 服务器 :%1</translation>
    </message>
    <message>
        <source>TLS client %1</source>
        <translation>TLS 客户端 %1</translation>
    </message>
    <message>
        <source>tls.enabled: TLS runs over TCP; a UDP session cannot use it.</source>
        <translation>tls.enabled：TLS 运行在 TCP 之上；UDP 会话不能使用它。</translation>
    </message>
</context>
<context>
    <name>sockeye::SessionController</name>
    <message>
        <source>Its framing was not applied. %1</source>
        <translation>其分帧方式未应用。%1</translation>
    </message>
    <message>
        <source>Its auto-reply rules were not loaded. %1</source>
        <translation>其自动回复规则未载入。%1</translation>
    </message>
    <message>
        <source>Its periodic send was not applied. periodic.%1</source>
        <translation>其定时发送未应用。periodic.%1</translation>
    </message>
    <message>
        <source>Its receive to file was not applied. receiveFile.%1</source>
        <translation>其接收存文件设置未应用。receiveFile.%1</translation>
    </message>
</context>
<context>
    <name>sockeye::SessionError</name>
    <message>
        <source>the port is already in use by another program or session. Stop that program, or choose another port (0 picks a free one).</source>
        <translation>端口已被其他程序或会话占用。请停止该程序，或换一个端口（0 表示自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>permission denied. Ports below 1024 need administrator rights (root or CAP_NET_BIND_SERVICE); choose a port from 1024 up.</source>
        <translation>权限不足。1024 以下的端口需要管理员权限（root 或 CAP_NET_BIND_SERVICE）；请选择 1024 及以上的端口。</translation>
    </message>
    <message>
        <source>that address does not belong to this machine. Choose one of the local interfaces&apos; addresses, or &quot;all IPv4&quot; / &quot;all IPv6&quot;.</source>
        <translation>该地址不属于本机。请选择本机某个网络接口的地址，或“所有 IPv4”/“所有 IPv6”。</translation>
    </message>
    <message>
        <source>that is not a valid IP address. Use a dotted IPv4 address such as 192.168.1.10, an IPv6 address such as fe80::1, or a host name.</source>
        <translation>这不是有效的 IP 地址。请使用点分格式的 IPv4 地址（如 192.168.1.10）、IPv6 地址（如 fe80::1）或主机名。</translation>
    </message>
    <message>
        <source>the host name could not be resolved. Check its spelling and your DNS settings, or use an IP address.</source>
        <translation>无法解析主机名。请检查拼写和 DNS 设置，或直接使用 IP 地址。</translation>
    </message>
    <message>
        <source>no answer before the connect timeout. The host may be down, or a firewall drops the connection; check the address, or raise the timeout.</source>
        <translation>在连接超时之前没有响应。主机可能已关闭，或防火墙丢弃了连接；请检查地址，或加大超时时间。</translation>
    </message>
    <message>
        <source>the network is unreachable: this machine has no route to that address. Check the address and your network connection.</source>
        <translation>网络不可达：本机没有到该地址的路由。请检查地址和网络连接。</translation>
    </message>
    <message>
        <source>the connection was reset by the peer (it sent RST). The peer closed abruptly or refused the data; check the peer&apos;s log.</source>
        <translation>连接被对端重置（对端发送了 RST）。对端异常关闭或拒收数据；请查看对端的日志。</translation>
    </message>
    <message>
        <source>there is no connection. Connect first, or select a connected client.</source>
        <translation>当前没有连接。请先连接，或选择一个已连接的客户端。</translation>
    </message>
    <message>
        <source>that is not a multicast group. Use an address from 224.0.0.0 to 239.255.255.255, or an IPv6 address starting with ff.</source>
        <translation>这不是组播地址。请使用 224.0.0.0 到 239.255.255.255 之间的地址，或以 ff 开头的 IPv6 地址。</translation>
    </message>
    <message>
        <source>the server already has its maximum number of clients. Disconnect a client or raise the limit.</source>
        <translation>服务器的客户端数已达上限。请断开一个客户端，或提高上限。</translation>
    </message>
    <message>
        <source>an unexpected error occurred.</source>
        <translation>发生了意外错误。</translation>
    </message>
    <message>
        <source>Cannot %1: %2</source>
        <translation>无法%1：%2</translation>
    </message>
    <message>
        <source>the datagram is too large for UDP (at most 65,507 bytes over IPv4, 65,527 over IPv6). Send less data per datagram.</source>
        <translation>数据报对 UDP 来说太大（IPv4 最多 65,507 字节，IPv6 最多 65,527 字节）。请减少每个数据报的数据量。</translation>
    </message>
    <message>
        <source>the connection was refused: the host answered with a reset, so nothing listens on that port or a firewall rejects it. Check that the server is running, on that port.</source>
        <translation>连接被拒绝：主机以复位（RST）应答，说明该端口没有程序监听，或防火墙拒绝了连接。请确认服务器正在运行，并且监听的是该端口。</translation>
    </message>
    <message>
        <source>the host is unreachable: a router or firewall on the way answered that it cannot reach that address (ICMP host unreachable). Check that the device is on and on that network, and the firewall&apos;s rules.</source>
        <translation>主机不可达：途中的路由器或防火墙回应无法到达该地址（ICMP 主机不可达）。请检查设备是否开机并在该网络上，以及防火墙规则。</translation>
    </message>
    <message>
        <source>the TLS handshake failed.</source>
        <translation>TLS 握手失败。</translation>
    </message>
</context>
<context>
    <name>sockeye::SessionPanel</name>
    <message>
        <source>All IPv4 (0.0.0.0)</source>
        <translation>所有 IPv4（0.0.0.0）</translation>
    </message>
    <message>
        <source>All IPv6 (::)</source>
        <translation>所有 IPv6（::）</translation>
    </message>
    <message>
        <source>Dual-stack (IPv4 + IPv6)</source>
        <translation>双栈（IPv4 + IPv6）</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>隐藏此消息</translation>
    </message>
    <message>
        <source>Select clients to send only to them (none selected: all). Right-click to disconnect.</source>
        <translation>选中客户端可只向它们发送（未选中：发往全部）。右键可断开连接。</translation>
    </message>
    <message>
        <source>Peers that sent datagrams. Select some to reply to them (none selected: the target host and port).</source>
        <translation>发来过数据报的对端。选中后可向它们回复（未选中：发往目标主机和端口）。</translation>
    </message>
    <message>
        <source>Local address to listen on: all IPv4, all IPv6, both, or one interface address (you can type one)</source>
        <translation>要监听的本地地址：所有 IPv4、所有 IPv6、两者皆可，或某个网络接口的地址（可直接输入）</translation>
    </message>
    <message>
        <source>Local port (0: any free port)</source>
        <translation>本地端口（0：任意空闲端口）</translation>
    </message>
    <message>
        <source>&amp;Listen on</source>
        <translation>监听地址(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Port</source>
        <translation>端口(&amp;P)</translation>
    </message>
    <message>
        <source>host or address</source>
        <translation>主机名或地址</translation>
    </message>
    <message>
        <source>Server to connect to: a host name or an IPv4/IPv6 address</source>
        <translation>要连接的服务器：主机名或 IPv4/IPv6 地址</translation>
    </message>
    <message>
        <source>Server port</source>
        <translation>服务器端口</translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation>主机(&amp;H)</translation>
    </message>
    <message>
        <source>P&amp;ort</source>
        <translation>端口(&amp;O)</translation>
    </message>
    <message>
        <source>Where Send goes when no peer is selected</source>
        <translation>未选中对端时，发送的目的地</translation>
    </message>
    <message>
        <source>Target port (0: no default target)</source>
        <translation>目标端口（0：无默认目标）</translation>
    </message>
    <message>
        <source>&amp;Target</source>
        <translation>目标(&amp;T)</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Give up connecting after this long</source>
        <translation>超过此时间仍未连上则放弃</translation>
    </message>
    <message>
        <source>Time&amp;out</source>
        <translation>超时(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>自动重连(&amp;R)</translation>
    </message>
    <message>
        <source>Reconnect automatically, waiting longer after each failure</source>
        <translation>自动重新连接，每次失败后等待更久</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Multicast groups to join when started (e.g. 239.1.2.3), separated by commas</source>
        <translation>启动时加入的组播组（例如 239.1.2.3），以逗号分隔</translation>
    </message>
    <message>
        <source>&amp;Multicast</source>
        <translation>组播(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Close the connection (Ctrl+R)</source>
        <translation>关闭连接（Ctrl+R）</translation>
    </message>
    <message>
        <source>Connect to the server (Ctrl+R)</source>
        <translation>连接到服务器（Ctrl+R）</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Stop and drop every connection (Ctrl+R)</source>
        <translation>停止并断开所有连接（Ctrl+R）</translation>
    </message>
    <message>
        <source>Start listening (Ctrl+R)</source>
        <translation>开始监听（Ctrl+R）</translation>
    </message>
    <message>
        <source>Bind the socket (Ctrl+R)</source>
        <translation>绑定套接字（Ctrl+R）</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <source>Bound to %1</source>
        <translation>已绑定到 %1</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <source>Waiting to reconnect (attempt %1)</source>
        <translation>等待重连（第 %1 次尝试）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Clients: %1&lt;/b&gt; — none selected: Send goes to all</source>
        <translation>&lt;b&gt;客户端：%1&lt;/b&gt; — 未选中：发往全部</translation>
    </message>
    <message>
        <source>&lt;b&gt;Clients: %1&lt;/b&gt; — Send goes to the %2 selected</source>
        <translation>&lt;b&gt;客户端：%1&lt;/b&gt; — 发往选中的 %2 个</translation>
    </message>
    <message>
        <source>&lt;b&gt;Peers: %1&lt;/b&gt; — none selected: Send goes to the target</source>
        <translation>&lt;b&gt;对端：%1&lt;/b&gt; — 未选中：发往目标</translation>
    </message>
    <message>
        <source>&lt;b&gt;Peers: %1&lt;/b&gt; — Send goes to the %2 selected</source>
        <translation>&lt;b&gt;对端：%1&lt;/b&gt; — 发往选中的 %2 个</translation>
    </message>
    <message>
        <source>Disconnect all</source>
        <translation>全部断开</translation>
    </message>
    <message>
        <source>Other ways to close: reset (RST) or half-close</source>
        <translation>其他关闭方式：复位（RST）或半关闭</translation>
    </message>
    <message>
        <source>Other ways to close</source>
        <translation>其他关闭方式</translation>
    </message>
    <message>
        <source>Reset the connection (RST)</source>
        <translation>复位连接（RST）</translation>
    </message>
    <message>
        <source>Half-close (send FIN, keep receiving)</source>
        <translation>半关闭（发送 FIN，继续接收）</translation>
    </message>
    <message numerus="yes">
        <source>Disconnect %n selected (FIN)</source>
        <translation>
            <numerusform>断开选中的 %n 个（FIN）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reset %n selected (RST)</source>
        <translation>
            <numerusform>复位选中的 %n 个（RST）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Half-close %n selected (send FIN, keep receiving)</source>
        <translation>
            <numerusform>半关闭选中的 %n 个（发送 FIN，继续接收）</numerusform>
        </translation>
    </message>
    <message>
        <source>Socket options…</source>
        <translation>套接字选项…</translation>
    </message>
    <message>
        <source>TCP_NODELAY, keepalive, buffer sizes, the local address and port</source>
        <translation>TCP_NODELAY、保活、缓冲区大小、本地地址和端口</translation>
    </message>
    <message>
        <source>TCP_NODELAY, keepalive, buffer sizes</source>
        <translation>TCP_NODELAY、保活、缓冲区大小</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>详情(&amp;D)</translation>
    </message>
    <message>
        <source>Show the connection&apos;s details: round-trip time, retransmissions, window, queues</source>
        <translation>显示连接详情：往返时间、重传、窗口、队列</translation>
    </message>
    <message>
        <source>Right-click to choose the columns</source>
        <translation>右键单击以选择显示的列</translation>
    </message>
    <message numerus="yes">
        <source>Reset the counters of %n selected</source>
        <translation>
            <numerusform>重置所选 %n 个的计数</numerusform>
        </translation>
    </message>
    <message>
        <source>Disconnect the selected clients</source>
        <translation>断开所选客户端</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Peers</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>&amp;TLS…</source>
        <translation>TLS(&amp;T)…</translation>
    </message>
    <message>
        <source>Connected — not verified</source>
        <translation>已连接 — 未验证</translation>
    </message>
    <message>
        <source>Connected to %1 over TLS without verifying the server&apos;s certificate: anyone in between can read and change the traffic.</source>
        <translation>已通过 TLS 连接到 %1，但未验证服务器的证书：中间的任何人都可以读取和篡改流量。</translation>
    </message>
    <message>
        <source>TLS is off: plain TCP. Click to encrypt with TLS.</source>
        <translation>TLS 已关闭：明文 TCP。点击以使用 TLS 加密。</translation>
    </message>
    <message>
        <source>TLS is on; the server&apos;s certificate is verified.</source>
        <translation>TLS 已开启；服务器的证书已验证。</translation>
    </message>
    <message>
        <source>TLS is on, NOT verifying the server&apos;s certificate.</source>
        <translation>TLS 已开启，但未验证服务器的证书。</translation>
    </message>
    <message>
        <source>TLS is on, with the self-signed certificate for this machine.</source>
        <translation>TLS 已开启，使用本机的自签名证书。</translation>
    </message>
    <message>
        <source>TLS is on, with the certificate %1.</source>
        <translation>TLS 已开启，使用证书 %1。</translation>
    </message>
</context>
<context>
    <name>sockeye::SessionSetup</name>
    <message>
        <source>config: must be an object with the session&apos;s settings.</source>
        <translation>config：必须是包含会话设置的对象。</translation>
    </message>
    <message>
        <source>config: %1</source>
        <translation>config：%1</translation>
    </message>
    <message>
        <source>start: must be true or false.</source>
        <translation>start：必须为 true 或 false。</translation>
    </message>
    <message>
        <source>%1: must be an object.</source>
        <translation>%1：必须是对象。</translation>
    </message>
    <message>
        <source>%1: must be a framing spec such as delim:\n.</source>
        <translation>%1：必须是分帧规格，例如 delim:\n。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>automation: %1</source>
        <translation>automation：%1</translation>
    </message>
    <message>
        <source>periodic.%1</source>
        <translation>periodic.%1</translation>
    </message>
    <message>
        <source>receiveFile.%1</source>
        <translation>receiveFile.%1</translation>
    </message>
</context>
<context>
    <name>sockeye::ShortcutDialog</name>
    <message>
        <source>Preset hotkey</source>
        <translation>预设快捷键</translation>
    </message>
    <message>
        <source>Press the keys (for example Ctrl+1)</source>
        <translation>请按下按键（例如 Ctrl+1）</translation>
    </message>
    <message>
        <source>&amp;No hotkey</source>
        <translation>不设快捷键(&amp;N)</translation>
    </message>
    <message>
        <source>Press the hotkey that sends &quot;%1&quot; to the current session.</source>
        <translation>请按下用于向当前会话发送“%1”的快捷键。</translation>
    </message>
    <message>
        <source>%1 would be typed as text: add Ctrl or Alt (or use F1 to F12).</source>
        <translation>%1 会被当作文字输入：请加上 Ctrl 或 Alt（或使用 F1 到 F12）。</translation>
    </message>
    <message>
        <source>%1 is already taken by %2: choose another.</source>
        <translation>%1 已被 %2 占用：请另选一个。</translation>
    </message>
</context>
<context>
    <name>sockeye::SocketOptionsDialog</name>
    <message>
        <source>Socket options</source>
        <translation>套接字选项</translation>
    </message>
    <message>
        <source>Send each write at once (&amp;TCP_NODELAY: Nagle off)</source>
        <translation>每次写入立即发送（&amp;TCP_NODELAY：关闭 Nagle）</translation>
    </message>
    <message>
        <source>Without it the kernel may hold a small write back until the previous one is acknowledged (Nagle&apos;s algorithm)</source>
        <translation>不启用时，内核可能会把一次小的写入留到前一次被确认之后再发送（Nagle 算法）</translation>
    </message>
    <message>
        <source>&amp;Keepalive: probe an idle connection</source>
        <translation>保活(&amp;K)：探测空闲连接</translation>
    </message>
    <message>
        <source>&amp;Idle before the first probe</source>
        <translation>首次探测前的空闲时间(&amp;I)</translation>
    </message>
    <message>
        <source>TCP_KEEPIDLE</source>
        <translation>TCP_KEEPIDLE</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Between &amp;probes</source>
        <translation>探测间隔(&amp;P)</translation>
    </message>
    <message>
        <source>TCP_KEEPINTVL</source>
        <translation>TCP_KEEPINTVL</translation>
    </message>
    <message>
        <source>Probes before &amp;giving up</source>
        <translation>放弃前的探测次数(&amp;G)</translation>
    </message>
    <message>
        <source>TCP_KEEPCNT: unanswered probes before the connection is dropped</source>
        <translation>TCP_KEEPCNT：连接被断开前未获应答的探测次数</translation>
    </message>
    <message>
        <source>&amp;Receive buffer</source>
        <translation>接收缓冲区(&amp;R)</translation>
    </message>
    <message>
        <source>SO_RCVBUF; Linux keeps twice what is asked, up to net.core.rmem_max</source>
        <translation>SO_RCVBUF；Linux 会保留所设值的两倍，最多为 net.core.rmem_max</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source> B</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>&amp;Send buffer</source>
        <translation>发送缓冲区(&amp;S)</translation>
    </message>
    <message>
        <source>SO_SNDBUF; Linux keeps twice what is asked, up to net.core.wmem_max</source>
        <translation>SO_SNDBUF；Linux 会保留所设值的两倍，最多为 net.core.wmem_max</translation>
    </message>
    <message>
        <source>Connect from &amp;address</source>
        <translation>本地地址(&amp;A)</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>The local address to connect from: an IP address of this machine, or empty for any</source>
        <translation>发起连接的本地地址：本机的某个 IP 地址，留空表示任意</translation>
    </message>
    <message>
        <source>The local port to connect from</source>
        <translation>发起连接的本地端口</translation>
    </message>
    <message>
        <source>Any (the kernel picks)</source>
        <translation>任意（由内核选择）</translation>
    </message>
    <message>
        <source>Applies from the next connection.</source>
        <translation>从下一次连接起生效。</translation>
    </message>
    <message>
        <source>Applies to clients that connect from now on.</source>
        <translation>对此后连接的客户端生效。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address of this machine: type one (e.g. 192.168.1.20), or leave it empty for any.</source>
        <translation>“%1”不是本机的 IP 地址：请输入一个（例如 192.168.1.20），或留空表示任意。</translation>
    </message>
    <message>
        <source>A buffer is 0 (the system&apos;s) or at least 1024 bytes.</source>
        <translation>缓冲区大小为 0（使用系统默认值）或至少 1024 字节。</translation>
    </message>
    <message>
        <source>Connect from p&amp;ort</source>
        <translation>本地端口(&amp;O)</translation>
    </message>
    <message>
        <source>A peer that finished sending (shutdown) can still be sent to until you close the connection; otherwise Sockeye closes once what is for the peer is sent</source>
        <translation>对端结束发送（shutdown）后，在你关闭连接之前仍可向其发送；否则 Sockeye 会在发给对端的数据发完后关闭连接</translation>
    </message>
    <message>
        <source>Keep a connection open after the peer&apos;s FIN (&amp;half-open)</source>
        <translation>对端发送 FIN 后保持连接（半开）(&amp;H)</translation>
    </message>
    <message>
        <source>Accept &amp;queue (backlog)</source>
        <translation>接受队列(&amp;Q)（backlog）</translation>
    </message>
    <message>
        <source>Connections the kernel completes and holds until Sockeye accepts them (listen&apos;s backlog); the kernel caps it at net.core.somaxconn. Applies when the server next starts listening.</source>
        <translation>内核完成握手并保留、等待 Sockeye 接受的连接数（listen 的 backlog）；内核会将其限制在 net.core.somaxconn 以内。在服务器下次开始监听时生效。</translation>
    </message>
    <message>
        <source> connections</source>
        <translation> 个连接</translation>
    </message>
</context>
<context>
    <name>sockeye::StreamFramers</name>
    <message>
        <source>Framing: %1</source>
        <translation>分帧：%1</translation>
    </message>
</context>
<context>
    <name>sockeye::TcpClientSession</name>
    <message>
        <source>connect to %1</source>
        <translation>连接到 %1</translation>
    </message>
    <message>
        <source>Cannot %1: enter the server&apos;s host name or address and a port from 1 to 65535.</source>
        <translation>无法%1：请输入服务器的主机名或地址，以及 1 到 65535 之间的端口。</translation>
    </message>
    <message>
        <source>bind to %1</source>
        <translation>绑定到 %1</translation>
    </message>
    <message>
        <source>Connected to %1 from %2</source>
        <translation>已从 %2 连接到 %1</translation>
    </message>
    <message>
        <source>%1 reset the connection</source>
        <translation>%1 重置了连接</translation>
    </message>
    <message>
        <source>keep the connection to %1</source>
        <translation>保持与 %1 的连接</translation>
    </message>
    <message>
        <source>%1 closed the connection</source>
        <translation>%1 关闭了连接</translation>
    </message>
    <message>
        <source>connect to %1 within %2 ms</source>
        <translation>在 %2 毫秒内连接到 %1</translation>
    </message>
    <message>
        <source>Reconnecting to %1 in %2 ms (attempt %3)</source>
        <translation>%2 毫秒后重新连接到 %1（第 %3 次尝试）</translation>
    </message>
    <message>
        <source>send to %1</source>
        <translation>发送到 %1</translation>
    </message>
    <message>
        <source>Reset the connection to %1 (RST)</source>
        <translation>已复位与 %1 的连接（RST）</translation>
    </message>
    <message>
        <source>Half-closed the connection to %1 (sent FIN): receiving until it closes</source>
        <translation>已半关闭与 %1 的连接（已发送 FIN）：继续接收，直到对方关闭</translation>
    </message>
    <message>
        <source>Cannot %1: you half-closed this connection (sent FIN); it only receives now, until the server closes.</source>
        <translation>无法%1：你已半关闭此连接（已发送 FIN）；现在只能接收，直到服务器关闭。</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>Closed the connection to %1 (FIN)</source>
        <translation>已关闭与 %1 的连接（FIN）</translation>
    </message>
    <message>
        <source>TCP connected to %1 from %2; TLS handshake under way</source>
        <translation>已从 %2 通过 TCP 连接到 %1；正在进行 TLS 握手</translation>
    </message>
    <message>
        <source>The TLS handshake with %1 did not finish within %2 ms: the server accepted TCP but does not answer in TLS (a plain TCP service that waits for us to speak first?).</source>
        <translation>与 %1 的 TLS 握手未在 %2 毫秒内完成：服务器接受了 TCP 连接，但没有用 TLS 应答（可能是等待我们先发言的普通 TCP 服务？）。</translation>
    </message>
    <message>
        <source>A TLS connection cannot be half-closed: TLS ends both directions together. Close it instead.</source>
        <translation>TLS 连接不能半关闭：TLS 会同时结束两个方向。请改为关闭连接。</translation>
    </message>
</context>
<context>
    <name>sockeye::TcpOptions</name>
    <message>
        <source>The system refused these socket options: %1. The connection goes on without them.</source>
        <translation>系统拒绝了以下套接字选项：%1。连接将在没有这些选项的情况下继续。</translation>
    </message>
    <message>
        <source>Socket options are only set on Linux and other Unix systems; the connection goes on without them.</source>
        <translation>套接字选项只在 Linux 和其他 Unix 系统上设置；连接将在没有这些选项的情况下继续。</translation>
    </message>
</context>
<context>
    <name>sockeye::TcpServerSession</name>
    <message>
        <source>listen on %1</source>
        <translation>监听 %1</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <source>Stopped listening on %1</source>
        <translation>已停止监听 %1</translation>
    </message>
    <message numerus="yes">
        <source>Refused %1: the limit of %n client(s) is reached.</source>
        <translation>
            <numerusform>已拒绝 %1：客户端数已达上限 %n 个。</numerusform>
        </translation>
    </message>
    <message>
        <source>Accepted %1</source>
        <translation>已接受 %1</translation>
    </message>
    <message>
        <source>%1 reset the connection</source>
        <translation>%1 重置了连接</translation>
    </message>
    <message>
        <source>%1 closed the connection</source>
        <translation>%1 关闭了连接</translation>
    </message>
    <message>
        <source>send: no client is connected</source>
        <translation>发送：没有已连接的客户端</translation>
    </message>
    <message>
        <source>send to client #%1: it is no longer connected</source>
        <translation>发送到客户端 #%1：它已不再连接</translation>
    </message>
    <message>
        <source>send to %1</source>
        <translation>发送到 %1</translation>
    </message>
    <message>
        <source>Reset the connection to %1 (RST)</source>
        <translation>已复位与 %1 的连接（RST）</translation>
    </message>
    <message>
        <source>Cannot send to %1: you half-closed this connection (sent FIN); it only receives now, until the client closes.</source>
        <translation>无法发送到 %1：你已半关闭此连接（已发送 FIN）；现在只能接收，直到客户端关闭。</translation>
    </message>
    <message>
        <source>Half-closed the connection to %1 (sent FIN): receiving until it closes</source>
        <translation>已半关闭与 %1 的连接（已发送 FIN）：继续接收，直到对方关闭</translation>
    </message>
    <message>
        <source>That client is no longer connected.</source>
        <translation>该客户端已不再连接。</translation>
    </message>
    <message>
        <source>Closed the connection to %1 (FIN)</source>
        <translation>已关闭与 %1 的连接（FIN）</translation>
    </message>
    <message>
        <source>TLS handshake failed: %1 does not speak TLS: it sent &quot;%2&quot;, not a TLS handshake (a plain TCP client on this TLS server?). Dropped it.</source>
        <translation>TLS 握手失败：%1 不使用 TLS：它发送了 &quot;%2&quot;，而不是 TLS 握手（是普通 TCP 客户端连到了此 TLS 服务器？）。已断开它。</translation>
    </message>
    <message>
        <source>%1 started no TLS handshake within %2 s.</source>
        <translation>%1 未在 %2 秒内开始 TLS 握手。</translation>
    </message>
    <message>
        <source>TLS handshake failed: %1 Dropped it.</source>
        <translation>TLS 握手失败：%1 已断开它。</translation>
    </message>
    <message>
        <source>A TLS connection cannot be half-closed: TLS ends both directions together. Close it instead.</source>
        <translation>TLS 连接不能半关闭：TLS 会同时结束两个方向。请改为关闭连接。</translation>
    </message>
</context>
<context>
    <name>sockeye::TcpStats</name>
    <message>
        <source>The connection is closed: the kernel has no TCP statistics for it any more.</source>
        <translation>连接已关闭：内核不再有它的 TCP 统计。</translation>
    </message>
    <message>
        <source>The kernel gave no TCP statistics (%1).</source>
        <translation>内核没有给出 TCP 统计（%1）。</translation>
    </message>
    <message>
        <source>TCP statistics are read from Linux&apos;s TCP_INFO, which this system does not have.</source>
        <translation>TCP 统计读取自 Linux 的 TCP_INFO，本系统没有它。</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>RTT %1 (± %2), retransmitted segments %3, congestion window %4 segments, MSS %5 B, unacknowledged segments %6, send queue %7 B, receive queue %8 B</source>
        <translation>RTT %1（± %2），重传报文段 %3，拥塞窗口 %4 个报文段，MSS %5 B，未确认报文段 %6，发送队列 %7 B，接收队列 %8 B</translation>
    </message>
</context>
<context>
    <name>sockeye::TlsContext</name>
    <message>
        <source>The %1 %2 does not exist: check the path.</source>
        <translation>%1 %2 不存在：请检查路径。</translation>
    </message>
    <message>
        <source>The %1 %2 is a folder: choose the file in it.</source>
        <translation>%1 %2 是一个文件夹：请选择其中的文件。</translation>
    </message>
    <message>
        <source>The %1 %2 is %3 bytes: too big for a certificate or key file (they are a few KiB); check that it is the right file.</source>
        <translation>%1 %2 的大小为 %3 字节：对证书或密钥文件来说太大了（它们通常只有几 KiB）；请检查是否选对了文件。</translation>
    </message>
    <message>
        <source>Cannot read the %1 %2: %3. Check its permissions.</source>
        <translation>无法读取 %1 %2：%3。请检查其权限。</translation>
    </message>
    <message>
        <source>The %1 %2 holds a private key, not a certificate: choose the certificate file (-----BEGIN CERTIFICATE-----).</source>
        <translation>%1 %2 包含的是私钥，而不是证书：请选择证书文件 (-----BEGIN CERTIFICATE-----)。</translation>
    </message>
    <message>
        <source>The %1 %2 holds no certificate: it should be PEM text with -----BEGIN CERTIFICATE----- blocks.</source>
        <translation>%1 %2 不包含证书：它应为带有 -----BEGIN CERTIFICATE----- 块的 PEM 文本。</translation>
    </message>
    <message>
        <source>key file</source>
        <translation>密钥文件</translation>
    </message>
    <message>
        <source>The key file %1 is encrypted: enter its passphrase.</source>
        <translation>密钥文件 %1 已加密：请输入其口令。</translation>
    </message>
    <message>
        <source>The passphrase does not open the key file %1: check it and enter it again.</source>
        <translation>该口令无法打开密钥文件 %1：请检查后重新输入。</translation>
    </message>
    <message>
        <source>The key file %1 holds a certificate, not a private key: choose the key file (-----BEGIN PRIVATE KEY-----).</source>
        <translation>密钥文件 %1 包含的是证书，而不是私钥：请选择密钥文件 (-----BEGIN PRIVATE KEY-----)。</translation>
    </message>
    <message>
        <source>The key file %1 holds no private key Sockeye can read: it should be PEM text with a -----BEGIN PRIVATE KEY----- block (RSA, EC or Ed25519).</source>
        <translation>密钥文件 %1 不包含 Sockeye 可读取的私钥：它应为带有 -----BEGIN PRIVATE KEY----- 块的 PEM 文本（RSA、EC 或 Ed25519）。</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA 文件</translation>
    </message>
    <message>
        <source>A TLS server needs a certificate and its key: choose both files, or use a self-signed certificate for this machine.</source>
        <translation>TLS 服务器需要证书及其密钥：请选择这两个文件，或者为本机使用自签名证书。</translation>
    </message>
    <message>
        <source>A client certificate needs its certificate file too: choose the certificate that goes with the key %1.</source>
        <translation>客户端证书还需要其证书文件：请选择与密钥 %1 配套的证书。</translation>
    </message>
    <message>
        <source>A client certificate needs its key file too: choose the key that goes with %1.</source>
        <translation>客户端证书还需要其密钥文件：请选择与 %1 配套的密钥。</translation>
    </message>
    <message>
        <source>certificate file</source>
        <translation>证书文件</translation>
    </message>
    <message>
        <source>The key file %1 does not belong to the certificate %2: choose the key that was made with that certificate.</source>
        <translation>密钥文件 %1 与证书 %2 不匹配：请选择与该证书一起生成的密钥。</translation>
    </message>
</context>
<context>
    <name>sockeye::TlsDialog</name>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>&amp;Use TLS (encrypt the connection)</source>
        <translation>使用 TLS（加密连接）(&amp;U)</translation>
    </message>
    <message>
        <source>Speak TLS over this TCP session</source>
        <translation>在此 TCP 会话上使用 TLS</translation>
    </message>
    <message>
        <source>&amp;Verify the server&apos;s certificate (recommended)</source>
        <translation>验证服务器的证书（推荐）(&amp;V)</translation>
    </message>
    <message>
        <source>Check that an authority this computer trusts vouches for the certificate, that it is valid today and that it is for the name you connect to</source>
        <translation>检查证书是否由本机信任的证书颁发机构担保、今天是否有效，以及是否适用于您连接的名称</translation>
    </message>
    <message>
        <source>Not verified: anyone between you and the server can read and change the traffic. The session says &quot;not verified&quot; while connected.</source>
        <translation>未验证：您与服务器之间的任何人都可以读取和篡改流量。连接期间会话会显示 &quot;未验证&quot;。</translation>
    </message>
    <message>
        <source>&amp;Require a certificate from each client (mutual TLS)</source>
        <translation>要求每个客户端提供证书（双向 TLS (mutual TLS)）(&amp;R)</translation>
    </message>
    <message>
        <source>Clients without a certificate an authority below vouches for are refused</source>
        <translation>没有由下方证书颁发机构担保的证书的客户端将被拒绝</translation>
    </message>
    <message>
        <source>C&amp;A file</source>
        <translation>CA 文件(&amp;A)</translation>
    </message>
    <message>
        <source>PEM file of the authorities to trust, in addition to the system&apos;s</source>
        <translation>除系统的证书颁发机构外，还要信任的证书颁发机构的 PEM 文件</translation>
    </message>
    <message>
        <source>the system&apos;s authorities</source>
        <translation>系统的证书颁发机构</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose the CA file</source>
        <translation>选择 CA 文件</translation>
    </message>
    <message>
        <source>Server &amp;name (SNI)</source>
        <translation>服务器名称 (SNI)(&amp;N)</translation>
    </message>
    <message>
        <source>The name sent to the server and checked against its certificate</source>
        <translation>发送给服务器并与其证书比对的名称</translation>
    </message>
    <message>
        <source>the host you connect to</source>
        <translation>您连接的主机</translation>
    </message>
    <message>
        <source>A&amp;LPN</source>
        <translation>ALPN(&amp;L)</translation>
    </message>
    <message>
        <source>Application protocols to offer (client) or accept (server), separated by commas</source>
        <translation>要提供（客户端）或接受（服务器）的应用层协议，以逗号分隔</translation>
    </message>
    <message>
        <source>e.g. h2,http/1.1 or mqtt</source>
        <translation>例如 h2,http/1.1 或 mqtt</translation>
    </message>
    <message>
        <source>Use a &amp;self-signed certificate for this machine</source>
        <translation>为本机使用自签名证书(&amp;S)</translation>
    </message>
    <message>
        <source>Sockeye makes one (once) for this host, localhost, 127.0.0.1 and ::1; clients trust it by its file or its fingerprint</source>
        <translation>Sockeye 会为此主机、localhost、127.0.0.1 和 ::1 生成一个（仅一次）；客户端可通过其文件或指纹信任它</translation>
    </message>
    <message>
        <source>Use a certificate and key &amp;file</source>
        <translation>使用证书和密钥文件(&amp;F)</translation>
    </message>
    <message>
        <source>A certificate (PEM, with its chain) and its private key</source>
        <translation>证书（PEM 格式，含证书链）及其私钥</translation>
    </message>
    <message>
        <source>&amp;Certificate</source>
        <translation>证书(&amp;C)</translation>
    </message>
    <message>
        <source>PEM file with the certificate first, then its chain</source>
        <translation>PEM 文件，先是证书，然后是其证书链</translation>
    </message>
    <message>
        <source>Choose the certificate file</source>
        <translation>选择证书文件</translation>
    </message>
    <message>
        <source>&amp;Key</source>
        <translation>密钥(&amp;K)</translation>
    </message>
    <message>
        <source>PEM file with the private key; an encrypted key asks for its passphrase, which is never saved</source>
        <translation>包含私钥的 PEM 文件；加密的密钥会要求输入口令，口令永远不会被保存</translation>
    </message>
    <message>
        <source>Choose the key file</source>
        <translation>选择密钥文件</translation>
    </message>
    <message>
        <source>The server&apos;s certificate</source>
        <translation>服务器的证书</translation>
    </message>
    <message>
        <source>Clients&apos; certificates</source>
        <translation>客户端的证书</translation>
    </message>
    <message>
        <source>Client certificate (only if the server asks for one)</source>
        <translation>客户端证书（仅在服务器要求时）</translation>
    </message>
    <message>
        <source>This server&apos;s certificate</source>
        <translation>此服务器的证书</translation>
    </message>
    <message>
        <source>PEM file of the authorities to trust besides the system&apos;s (a self-signed server: its certificate)</source>
        <translation>除系统的证书颁发机构外还要信任的证书颁发机构的 PEM 文件（对于自签名服务器：即其证书）</translation>
    </message>
    <message>
        <source>PEM file of the authorities that vouch for clients&apos; certificates</source>
        <translation>为客户端证书担保的证书颁发机构的 PEM 文件</translation>
    </message>
    <message>
        <source>Applies when you next connect.</source>
        <translation>在下次连接时生效。</translation>
    </message>
    <message>
        <source>Applies when the server next starts listening.</source>
        <translation>在服务器下次开始监听时生效。</translation>
    </message>
    <message>
        <source>%1
SHA-256 %2</source>
        <translation>%1
SHA-256 %2</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.cer *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.cer *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA 文件</translation>
    </message>
    <message>
        <source>Certificate file</source>
        <translation>证书文件</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>密钥文件</translation>
    </message>
    <message>
        <source>That passphrase does not open %1. Passphrase:</source>
        <translation>该口令无法打开 %1。口令：</translation>
    </message>
    <message>
        <source>%1 is encrypted. Passphrase:</source>
        <translation>%1 已加密。口令：</translation>
    </message>
    <message>
        <source>Key passphrase</source>
        <translation>密钥口令</translation>
    </message>
    <message>
        <source>ALPN: %1</source>
        <translation>ALPN：%1</translation>
    </message>
</context>
<context>
    <name>sockeye::TlsReport</name>
    <message>
        <source>an unknown TLS version</source>
        <translation>未知的 TLS 版本</translation>
    </message>
    <message>
        <source>TLS handshake done: %1, %2</source>
        <translation>TLS 握手完成：%1，%2</translation>
    </message>
    <message>
        <source>, ALPN %1</source>
        <translation>，ALPN %1</translation>
    </message>
    <message>
        <source>; the server&apos;s certificate is verified for %1</source>
        <translation>；服务器的证书已针对 %1 验证</translation>
    </message>
    <message>
        <source>; NOT verified: you chose not to verify the server</source>
        <translation>；未验证：您选择了不验证服务器</translation>
    </message>
    <message>
        <source>; the client sent no certificate</source>
        <translation>；客户端未发送证书</translation>
    </message>
    <message>
        <source>; the client&apos;s certificate is verified</source>
        <translation>；客户端的证书已验证</translation>
    </message>
    <message>
        <source>; the client&apos;s certificate is not verified</source>
        <translation>；客户端的证书未验证</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
    <message>
        <source>Certificate %1 of %2: %3, issued by %4, valid %5 to %6, SHA-256 %7</source>
        <translation>证书 %1 / %2：%3，由 %4 签发，有效期 %5 至 %6，SHA-256 %7</translation>
    </message>
    <message>
        <source> To connect anyway, choose &quot;Do not verify&quot; (sockeye-cli: --insecure).</source>
        <translation> 若仍要连接，请选择 &quot;不验证&quot;（sockeye-cli: --insecure）。</translation>
    </message>
    <message>
        <source>the server&apos;s certificate</source>
        <translation>服务器的证书</translation>
    </message>
    <message>
        <source>the client&apos;s certificate</source>
        <translation>客户端的证书</translation>
    </message>
    <message>
        <source>The certificate is for %1; you connected to %2. Connect by a name it is for, or set the server name (SNI) to one of them.%3</source>
        <translation>该证书适用于 %1；您连接的是 %2。请使用证书适用的名称进行连接，或将服务器名称 (SNI) 设置为其中之一。%3</translation>
    </message>
    <message>
        <source>Verification failed: %1 (%2) expired on %3. Ask its owner to renew it, or check this computer&apos;s date.%4</source>
        <translation>验证失败：%1 (%2) 已于 %3 过期。请让其所有者续期，或检查本机的日期。%4</translation>
    </message>
    <message>
        <source>Verification failed: %1 (%2) is valid only from %3. Check the date of this computer and of the peer.%4</source>
        <translation>验证失败：%1 (%2) 自 %3 起才有效。请检查本机和对端的日期。%4</translation>
    </message>
    <message>
        <source>Verification failed: %1 (%2) is self-signed, so no authority vouches for it. If it is the one you expect (SHA-256 %3), give that certificate as the CA file to trust it.%4</source>
        <translation>验证失败：%1 (%2) 是自签名的，因此没有证书颁发机构为其担保。如果它正是您预期的证书 (SHA-256 %3)，请将该证书作为 CA 文件以信任它。%4</translation>
    </message>
    <message>
        <source>Verification failed: %1 (%2) was issued by %3, which this computer does not trust. Give that authority&apos;s certificate as the CA file.%4</source>
        <translation>验证失败：%1 (%2) 由 %3 签发，而本机不信任该签发者。请将该证书颁发机构的证书作为 CA 文件。%4</translation>
    </message>
    <message>
        <source>Verification failed: %1 (%2) has been revoked by its issuer.%3</source>
        <translation>验证失败：%1 (%2) 已被其签发者吊销。%3</translation>
    </message>
    <message>
        <source>Verification failed: the server sent no certificate.%1</source>
        <translation>验证失败：服务器未发送证书。%1</translation>
    </message>
    <message>
        <source>%1 sent no certificate, and this server requires one (mutual TLS).</source>
        <translation>%1 未发送证书，而此服务器要求提供证书（双向 TLS (mutual TLS)）。</translation>
    </message>
    <message>
        <source>Verification failed: %1.%2</source>
        <translation>验证失败：%1。%2</translation>
    </message>
    <message>
        <source>%1 ended the TLS handshake with the alert &quot;%2&quot;</source>
        <translation>%1 以警报 &quot;%2&quot; 结束了 TLS 握手</translation>
    </message>
    <message>
        <source>%1: it shares no cipher or parameters with Sockeye, or wants a client certificate. Check the TLS versions and ciphers it accepts.</source>
        <translation>%1：它与 Sockeye 没有共同的加密套件或参数，或者它要求客户端证书。请检查它接受的 TLS 版本和加密套件。</translation>
    </message>
    <message>
        <source>%1: it shares no TLS version with Sockeye (which speaks TLS 1.2 and 1.3).</source>
        <translation>%1：它与 Sockeye 没有共同的 TLS 版本（Sockeye 支持 TLS 1.2 和 1.3）。</translation>
    </message>
    <message>
        <source>%1: it requires a client certificate. Choose a certificate and key.</source>
        <translation>%1：它要求客户端证书。请选择证书和密钥。</translation>
    </message>
    <message>
        <source>%1: it refused our client certificate. Check that it trusts the certificate&apos;s issuer and that the certificate is valid.</source>
        <translation>%1：它拒绝了我们的客户端证书。请检查它是否信任该证书的签发者，以及该证书是否有效。</translation>
    </message>
    <message>
        <source>%1: it refused this server&apos;s certificate. Give the client the certificate (or its CA) to trust, or tell it not to verify.</source>
        <translation>%1：它拒绝了此服务器的证书。请将证书（或其 CA）提供给客户端以供信任，或让客户端不验证。</translation>
    </message>
    <message>
        <source>%1: it accepts none of the ALPN protocols offered. Change the ALPN list.</source>
        <translation>%1：它不接受所提供的任何 ALPN 协议。请修改 ALPN 列表。</translation>
    </message>
    <message>
        <source>%1: it does not know the server name (SNI) sent. Set the server name to one it serves.</source>
        <translation>%1：它不认识所发送的服务器名称 (SNI)。请将服务器名称设置为它所服务的名称之一。</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1。</translation>
    </message>
    <message>
        <source>%1 does not speak TLS: what it answered is not a TLS handshake (a plain TCP or HTTP service on that port?). Connect without TLS, or check the port.</source>
        <translation>%1 不使用 TLS：它的应答不是 TLS 握手（该端口上是普通 TCP 或 HTTP 服务？）。请不使用 TLS 连接，或检查端口。</translation>
    </message>
    <message>
        <source>%1 does not speak TLS: what it sent is not a TLS handshake (a plain TCP client on this TLS server?).</source>
        <translation>%1 不使用 TLS：它发送的不是 TLS 握手（是普通 TCP 客户端连到了此 TLS 服务器？）。</translation>
    </message>
    <message>
        <source>%1 shares no TLS version with Sockeye (which speaks TLS 1.2 and 1.3).</source>
        <translation>%1 与 Sockeye 没有共同的 TLS 版本（Sockeye 支持 TLS 1.2 和 1.3）。</translation>
    </message>
    <message>
        <source>%1 shares no cipher with Sockeye.</source>
        <translation>%1 与 Sockeye 没有共同的加密套件。</translation>
    </message>
    <message>
        <source>%1 closed the connection during the TLS handshake: it may not speak TLS on this port, or refused to go on (it may want a client certificate).</source>
        <translation>%1 在 TLS 握手期间关闭了连接：它可能未在此端口上使用 TLS，或拒绝继续（它可能要求客户端证书）。</translation>
    </message>
    <message>
        <source>%1 closed the connection during the TLS handshake: it may not speak TLS, or did not trust this server&apos;s certificate.</source>
        <translation>%1 在 TLS 握手期间关闭了连接：它可能不使用 TLS，或不信任此服务器的证书。</translation>
    </message>
    <message>
        <source>The TLS handshake with %1 failed: %2.</source>
        <translation>与 %1 的 TLS 握手失败：%2。</translation>
    </message>
</context>
<context>
    <name>sockeye::TlsSettings</name>
    <message>
        <source>tls.%1 must be true or false.</source>
        <translation>tls.%1 必须为 true 或 false。</translation>
    </message>
    <message>
        <source>tls.%1 must be text of at most %2 characters.</source>
        <translation>tls.%1 必须是最多 %2 个字符的文本。</translation>
    </message>
    <message>
        <source>tls.alpn must be a list of at most %1 protocol names.</source>
        <translation>tls.alpn 必须是最多包含 %1 个协议名称的列表。</translation>
    </message>
    <message>
        <source>tls.alpn: %1</source>
        <translation>tls.alpn: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a protocol list: give names separated by commas, e.g. h2,http/1.1 (each 1 to 255 bytes).</source>
        <translation>&quot;%1&quot; 不是协议列表：请给出以逗号分隔的名称，例如 h2,http/1.1（每个 1 到 255 字节）。</translation>
    </message>
    <message>
        <source>give at most %1 protocols.</source>
        <translation>最多给出 %1 个协议。</translation>
    </message>
</context>
<context>
    <name>sockeye::TrafficModel</name>
    <message>
        <source>peer %1</source>
        <translation>对端 %1</translation>
    </message>
</context>
<context>
    <name>sockeye::TrafficPane</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Hex dump</source>
        <translation>十六进制转储</translation>
    </message>
    <message>
        <source>Text encoding used to show payloads in text mode</source>
        <translation>文本模式下显示数据所用的编码</translation>
    </message>
    <message>
        <source>Show the time of each record</source>
        <translation>显示每条记录的时间</translation>
    </message>
    <message>
        <source>Show only one peer&apos;s traffic</source>
        <translation>只显示某一个对端的数据</translation>
    </message>
    <message>
        <source>Both directions</source>
        <translation>收发双向</translation>
    </message>
    <message>
        <source>Received only</source>
        <translation>仅接收</translation>
    </message>
    <message>
        <source>Sent only</source>
        <translation>仅发送</translation>
    </message>
    <message>
        <source>Show received data, sent data or both</source>
        <translation>显示接收的数据、发送的数据或两者</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>搜索（Ctrl+F）</translation>
    </message>
    <message>
        <source>Enter finds the next match, Shift+Enter the previous one</source>
        <translation>Enter 查找下一个匹配，Shift+Enter 查找上一个</translation>
    </message>
    <message>
        <source>Search for bytes written as hex (&quot;0D 0A&quot;)</source>
        <translation>按十六进制字节搜索（&quot;0D 0A&quot;）</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>上一个匹配（Shift+F3）</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>下一个匹配（F3）</translation>
    </message>
    <message>
        <source>All peers</source>
        <translation>所有对端</translation>
    </message>
    <message>
        <source>%1 (gone)</source>
        <translation>%1（已断开）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume the view (Ctrl+P); records kept coming while paused</source>
        <translation>恢复视图（Ctrl+P）；暂停期间记录仍在持续</translation>
    </message>
    <message>
        <source>Freeze the view (Ctrl+P); recording goes on</source>
        <translation>冻结视图（Ctrl+P）；记录仍在继续</translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation>未找到：%1</translation>
    </message>
    <message>
        <source>Clear this session&apos;s traffic and free its memory (Ctrl+L); a recording keeps it</source>
        <translation>清除本会话的通信记录并释放内存 (Ctrl+L)；正在录制的文件仍会保留</translation>
    </message>
    <message>
        <source>Show each stream cut into frames (lines, fixed length, length prefix, idle gap) instead of the chunks as they were read; display only</source>
        <translation>把每条数据流切分成帧显示（按行、定长、长度前缀、空闲间隔），而不是按每次读到的数据块显示；仅影响显示</translation>
    </message>
    <message>
        <source>as read</source>
        <translation>原样</translation>
    </message>
    <message>
        <source>&amp;Frames</source>
        <translation>分帧(&amp;F)</translation>
    </message>
    <message numerus="yes">
        <source>(%n more not listed)</source>
        <translation>
            <numerusform>（另有 %n 个未列出）</numerusform>
        </translation>
    </message>
    <message>
        <source>How payloads are shown. Stream: each peer&apos;s text as it flows, lines broken at line ends, a new block when the peer or direction changes or after half a second of quiet. Log: a line per received chunk (or frame). Hex, Hex dump: the bytes</source>
        <translation>数据的显示方式。流：每个对端的文本连续显示，在行尾换行，对端或方向变化、或静默半秒后另起一段。日志：每次收到的数据块（或帧）一行。十六进制、十六进制转储：字节</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>流</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show new traffic here. Off: nothing new is shown (for floods), but every byte is still counted, kept in the log and recorded; on again, it shows from then on</source>
        <translation>在此显示新的收发数据。关闭时不显示新数据（适合大流量），但每个字节仍会计数、保存在日志中并被录制；重新打开后从那时起显示</translation>
    </message>
    <message>
        <source>Framing</source>
        <translation>分帧</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
</context>
<context>
    <name>sockeye::TrafficRecord</name>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>listening</source>
        <translation>监听</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>closed by peer</source>
        <translation>对端关闭</translation>
    </message>
    <message>
        <source>reset by peer</source>
        <translation>对端重置</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>info</source>
        <translation>信息</translation>
    </message>
</context>
<context>
    <name>sockeye::TrafficView</name>
    <message>
        <source>Traffic: click, Shift+click and Ctrl+A select records; right-click to copy</source>
        <translation>收发数据：单击、Shift+单击和 Ctrl+A 选择记录；右键复制</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>No traffic yet. Received data shows as %1, sent data as %2, connection events in between.</source>
        <translation>暂无数据。接收的数据显示为 %1，发送的数据显示为 %2，连接事件穿插其间。</translation>
    </message>
    <message numerus="yes">
        <source>%n older record(s) were dropped to stay within the memory budget.</source>
        <translation>
            <numerusform>为不超出内存预算，已丢弃 %n 条较早的记录。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paused — %n new record(s). Recording goes on; resume to see them.</source>
        <translation>
            <numerusform>已暂停 — %n 条新记录。记录仍在继续；继续后即可看到。</numerusform>
        </translation>
    </message>
    <message>
        <source>Auto-scroll is off while you look back; scroll to the bottom (or press End) to follow new traffic.</source>
        <translation>查看历史记录时自动滚动已关闭；滚动到底部（或按 End 键）即可跟随新数据。</translation>
    </message>
    <message>
        <source>#%1 at %2
%3 %4 bytes %5 %6</source>
        <translation>#%1，%2
%3 %4 字节，%5 %6</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>from</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>to</source>
        <translation>发往</translation>
    </message>
    <message>
        <source>#%1 at %2
%3</source>
        <translation>#%1，%2
%3</translation>
    </message>
    <message>
        <source>Copy as text</source>
        <translation>复制为文本</translation>
    </message>
    <message>
        <source>Copy as hex</source>
        <translation>复制为十六进制</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Not displaying new traffic. It is still counted, kept in the log and recorded; turn Display back on to see it from then on.</source>
        <translation>未显示新的收发数据。数据仍在计数、保存在日志中并被录制；重新勾选“显示”即可从那时起查看。</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>收发数据</translation>
    </message>
    <message>
        <source>No traffic yet.</source>
        <translation>尚无收发数据。</translation>
    </message>
</context>
<context>
    <name>sockeye::UdpSession</name>
    <message>
        <source>bind UDP %1</source>
        <translation>绑定 UDP %1</translation>
    </message>
    <message>
        <source>Bound UDP %1</source>
        <translation>已绑定 UDP %1</translation>
    </message>
    <message>
        <source>Closed UDP %1</source>
        <translation>已关闭 UDP %1</translation>
    </message>
    <message numerus="yes">
        <source>send a datagram of %n byte(s) to %1</source>
        <translation>
            <numerusform>向 %1 发送 %n 字节的数据报</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot send: no target. Enter the target host and port, or select a peer that sent something.</source>
        <translation>无法发送：没有目标。请输入目标主机和端口，或选择一个发来过数据的对端。</translation>
    </message>
    <message>
        <source>send to peer #%1: it is unknown</source>
        <translation>发送到对端 #%1：该对端未知</translation>
    </message>
    <message numerus="yes">
        <source>send %n datagram(s) to %1</source>
        <translation>
            <numerusform>向 %1 发送 %n 个数据报</numerusform>
        </translation>
    </message>
    <message>
        <source>reply: nobody has sent anything yet</source>
        <translation>回复：还没有任何对端发来数据</translation>
    </message>
    <message>
        <source>join multicast group %1</source>
        <translation>加入组播组 %1</translation>
    </message>
    <message>
        <source>leave multicast group %1</source>
        <translation>离开组播组 %1</translation>
    </message>
    <message>
        <source>Cannot %1: the UDP socket is not bound. Start the session first.</source>
        <translation>无法%1：UDP 套接字尚未绑定。请先启动会话。</translation>
    </message>
    <message>
        <source>Cannot %1: there is no network interface named &quot;%2&quot;. Pick one of the interfaces this machine has.</source>
        <translation>无法%1：没有名为“%2”的网络接口。请选择本机已有的网络接口。</translation>
    </message>
    <message>
        <source>Joined multicast group %1</source>
        <translation>已加入组播组 %1</translation>
    </message>
    <message>
        <source>Left multicast group %1</source>
        <translation>已离开组播组 %1</translation>
    </message>
    <message>
        <source>Cannot %1: it is an IPv6 group and this socket is bound to IPv4 (%2). Bind to all IPv6 or dual-stack, or use an IPv4 group (224.0.0.0 to 239.255.255.255).</source>
        <translation>无法%1：这是 IPv6 组，而此套接字绑定在 IPv4（%2）上。请绑定到所有 IPv6 或双栈，或改用 IPv4 组（224.0.0.0 到 239.255.255.255）。</translation>
    </message>
    <message>
        <source>Cannot %1: it is an IPv4 group and this socket is bound to IPv6 only (%2). Bind to all IPv4 or dual-stack, or use an IPv6 group (ff00::/8).</source>
        <translation>无法%1：这是 IPv4 组，而此套接字只绑定在 IPv6（%2）上。请绑定到所有 IPv4 或双栈，或改用 IPv6 组（ff00::/8）。</translation>
    </message>
</context>
<context>
    <name>sockeye::Workspace</name>
    <message>
        <source>This is not a Sockeye workspace: the JSON is invalid at byte %1 (%2).</source>
        <translation>这不是 Sockeye 工作区：JSON 在第 %1 字节处无效（%2）。</translation>
    </message>
    <message>
        <source>This is not a Sockeye workspace: &quot;format&quot; is not &quot;sockeye-workspace&quot;.</source>
        <translation>这不是 Sockeye 工作区：&quot;format&quot; 不是 &quot;sockeye-workspace&quot;。</translation>
    </message>
    <message>
        <source>This workspace was written by a newer Sockeye (version %1); update Sockeye to open it.</source>
        <translation>此工作区由更新版本的 Sockeye（版本 %1）保存；请升级 Sockeye 后再打开。</translation>
    </message>
    <message>
        <source>Cannot save %1: %2.</source>
        <translation>无法保存 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot open %1: %2.</source>
        <translation>无法打开 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot open %1. %2</source>
        <translation>无法打开 %1。%2</translation>
    </message>
    <message>
        <source>&quot;version&quot; must be a whole number from 1 (this Sockeye writes %1).</source>
        <translation>“version”必须是不小于 1 的整数（本版 Sockeye 写入 %1）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a list.</source>
        <translation>“%1”必须是列表。</translation>
    </message>
    <message>
        <source>sessions[%1] must be an object.</source>
        <translation>sessions[%1] 必须是对象。</translation>
    </message>
    <message>
        <source>sessions[%1].%2</source>
        <translation>sessions[%1].%2</translation>
    </message>
    <message>
        <source>Cannot open %1: at %2 MiB it is larger than a workspace can be (%3 MiB).</source>
        <translation>无法打开 %1：其大小 %2 MiB 超过工作区的上限（%3 MiB）。</translation>
    </message>
    <message>
        <source>Cannot open %1: it is larger than a workspace can be (%2 MiB).</source>
        <translation>无法打开 %1：其大小超过工作区的上限（%2 MiB）。</translation>
    </message>
</context>
<context>
    <name>sockeye::cli::CliApp</name>
    <message>
        <source>%1 connected</source>
        <translation>%1 已连接</translation>
    </message>
    <message>
        <source>sockeye-cli: timed out after %1 s.</source>
        <translation>sockeye-cli：%1 秒后超时。</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <source>Expectation met.</source>
        <translation>已满足期望。</translation>
    </message>
    <message>
        <source>sockeye-cli: %1</source>
        <translation>sockeye-cli：%1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 条记录导出到 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>sockeye-cli replay: %1 holds %n conversation(s) with data; --stream counts from 0.</source>
        <translation>
            <numerusform>sockeye-cli replay：%1 中有 %n 个含数据的会话；--stream 从 0 开始计数。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replaying %n record(s) that %1 sent to %2</source>
        <translation>
            <numerusform>正在重放 %1 发往 %2 的 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>sockeye-cli: the connection ended after %1 of %2 bytes of %3 were sent; the rest was not.</source>
        <translation>sockeye-cli：%3 的 %2 字节中发送了 %1 字节后连接已结束；其余部分未发送。</translation>
    </message>
    <message>
        <source>sockeye-cli: the connection ended after %1 bytes of standard input were sent; the rest was not.</source>
        <translation>sockeye-cli：标准输入发送了 %1 字节后连接已结束；其余部分未发送。</translation>
    </message>
    <message>
        <source>all IPv4 and IPv6 addresses</source>
        <translation>所有 IPv4 和 IPv6 地址</translation>
    </message>
    <message>
        <source>all IPv4 addresses</source>
        <translation>所有 IPv4 地址</translation>
    </message>
    <message>
        <source>all IPv6 addresses</source>
        <translation>所有 IPv6 地址</translation>
    </message>
    <message>
        <source>cannot make a temporary file: %1.</source>
        <translation>无法创建临时文件：%1。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to standard output.</source>
        <translation>
            <numerusform>已导出 %n 条记录到标准输出。</numerusform>
        </translation>
    </message>
    <message>
        <source>Listening on %1, port %2 (%3)</source>
        <translation>正在 %1 的端口 %2 监听（%3）</translation>
    </message>
    <message>
        <source>Standard input goes out as datagrams of at most %1 bytes each.</source>
        <translation>标准输入以每个最多 %1 字节的数据报发出。</translation>
    </message>
    <message>
        <source>%1 is %2 bytes: over UDP it goes out as %3 datagrams of at most %4 bytes each.</source>
        <translation>%1 共 %2 字节：通过 UDP 以 %3 个数据报发出，每个最多 %4 字节。</translation>
    </message>
    <message>
        <source>sockeye-cli: %1 bytes of %2 had been sent; the rest was not.</source>
        <translation>sockeye-cli：%2 已发送 %1 字节；其余部分未发送。</translation>
    </message>
    <message>
        <source>standard input</source>
        <translation>标准输入</translation>
    </message>
    <message>
        <source>The peer had acknowledged at least %1 of them.</source>
        <translation>对端至少已确认收到其中的 %1 字节。</translation>
    </message>
    <message>
        <source>Presenting the self-signed certificate %1, SHA-256 %2: clients can trust it with that file as their CA file.</source>
        <translation>正在出示自签名证书 %1，SHA-256 %2：客户端可以将该文件作为其 CA 文件来信任它。</translation>
    </message>
</context>
<context>
    <name>sockeye::cli::StatsPrinter</name>
    <message>
        <source>TCP statistics of %1 as it closed: %2</source>
        <translation>%1 关闭时的 TCP 统计：%2</translation>
    </message>
    <message>
        <source>Accept queue: %1 waiting of %2; %3 dropped for a full queue since listening (every listener on this system)</source>
        <translation>接受队列：%1 个等待（上限 %2）；开始监听以来因队列已满丢弃 %3 个（统计本系统上的所有监听者）</translation>
    </message>
    <message>
        <source>No TCP statistics for %1: %2</source>
        <translation>%1 没有 TCP 统计：%2</translation>
    </message>
    <message>
        <source>TCP statistics of %1 at exit: %2</source>
        <translation>退出时 %1 的 TCP 统计：%2</translation>
    </message>
    <message>
        <source>TCP statistics of %1: %2</source>
        <translation>%1 的 TCP 统计：%2</translation>
    </message>
    <message>
        <source>Story of %1: %2</source>
        <translation>%1 的经过：%2</translation>
    </message>
</context>
<context>
    <name>sockeye::cli::WorkspaceRunner</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: %2 connected</source>
        <translation>%1：%2 已连接</translation>
    </message>
    <message>
        <source>%1: listening on %2</source>
        <translation>%1：正在 %2 监听</translation>
    </message>
    <message>
        <source>%1: bound to %2</source>
        <translation>%1：已绑定到 %2</translation>
    </message>
    <message>
        <source>%1: connected to %2</source>
        <translation>%1：已连接到 %2</translation>
    </message>
    <message>
        <source>%1: the periodic send stopped: %2</source>
        <translation>%1：定时发送已停止：%2</translation>
    </message>
</context>
</TS>
