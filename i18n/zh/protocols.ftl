# `sticky protocols` 的全部用语（中文）。
#
# 每行一条：`编号 = 文字`。{ $花括号 } 里的内容由程序填入，请保留。
# 各个字段的说明（note-协议-序号）对应程序库 src/protocols.rs 里的英文
# 说明；说明里的数字要和英文的一样，测试（cargo test --bin sticky
# protocols_view）会核对。术语以 docs/zh/glossary.md 为准：报头、长度字段、
# 分隔符、接收方。

## 解码器对这条消息的判断

on-wire = 传输时共 { $n } 字节。
decoder-message = 解码器：一条 { $len } 字节的消息 "{ $text }"；用掉了 { $consumed } 字节，{ $after }
after-close = 随后连接关闭
after-next = 下一条消息从第 { $consumed } 字节开始
decoder-incomplete = 解码器：不完整
decoder-invalid = 解码器：无效：{ $why }
prefixes-all = 解码器对 { $n } 个更短的前缀，每个都回答：不完整，继续读
prefixes-some = 解码器：{ $n } 个更短的前缀里只有 { $shorter } 个被判为不完整
tls-records = 20000 字节的明文被分成若干记录，每条最多 { $max } 字节：
tls-record = { $header }  一条 { $len } 字节的记录
ws-length = 加了掩码的 { $n } 字节载荷：长度字段为 { $hex }
varint = varint { $n } 编码为 { $hex }
no-protocol = 没有 { $name } 这个协议；可选的有 { $names }

## 每个协议的标题，以及每个字段下面的说明（按顺序 1、2、……）

title-http-length = HTTP/1.1 加 Content-Length：报头用分隔符，正文用长度
note-http-length-1 = 请求行，以 CRLF 结束
note-http-length-2 = 一行首部
note-http-length-3 = 正文的长度：13 字节
note-http-length-4 = 一个空行：报头到此结束
note-http-length-5 = 正文：恰好 13 字节，没有分隔符

title-http-chunked = HTTP/1.1 chunked：每块之前一个长度，最后是长度为 0 的块
note-http-chunked-1 = 状态行
note-http-chunked-2 = 正文分块发送：事先不知道总长度
note-http-chunked-3 = 一个空行：报头到此结束
note-http-chunked-4 = 块长度，十六进制：5
note-http-chunked-5 = 这一块，后跟 CRLF
note-http-chunked-6 = 块长度，十六进制：8
note-http-chunked-7 = 这一块，后跟 CRLF
note-http-chunked-8 = 长度为 0 的块，再加一个空行：正文结束

title-http-close = HTTP/1.0 不带长度：连接结束，正文也就结束
note-http-close-1 = 状态行
note-http-close-2 = 一个空行：没有 Content-Length，也不分块
note-http-close-3 = 正文：直到服务端关闭连接为止的全部字节

title-tls = TLS 记录：5 字节报头，16 位长度字段
note-tls-1 = 内容类型 23：应用数据
note-tls-2 = 版本 3.3，TLS 1.2 这样写（TLS 1.3 为了照顾中间设备也保留它）
note-tls-3 = 长度 13，大端（明文最多 2^14 字节）
note-tls-4 = 记录片段：真实连接上是密文，这里以明文显示

title-http2 = HTTP/2 帧：9 字节报头，24 位长度字段
note-http2-1 = 长度 13：24 位，大端
note-http2-2 = 类型 0：DATA
note-http2-3 = 标志：END_STREAM（这个请求的最后一帧）
note-http2-4 = 一个保留位，然后是流 1：许多请求共用一条连接
note-http2-5 = 帧的载荷

title-websocket = WebSocket 帧：长度字段 7、16 或 64 位，客户端发的帧带掩码
note-websocket-1 = FIN（最后一个分片），操作码 1：文本
note-websocket-2 = MASK 位，长度 13，占 7 位
note-websocket-3 = 掩码密钥，客户端每帧选一个
note-websocket-4 = 载荷，每个字节都和密钥做异或（第 i 字节对应 key[i % 4]）

title-protobuf = protobuf，带长度分隔：先是 varint 长度，然后是消息
note-protobuf-1 = varint 15：消息的长度（300 会编码为 ac 02）
note-protobuf-2 = 字段 1，编码类型 2（带长度分隔）：(1 << 3) | 2
note-protobuf-3 = varint 13：字符串的长度
note-protobuf-4 = 字符串

title-mqtt = MQTT PUBLISH：剩余长度用 varint 表示，最多 4 字节
note-mqtt-1 = 高 4 位是报文类型 3（PUBLISH），标志为 0
note-mqtt-2 = 剩余长度 18（最多 268,435,455：4 字节）
note-mqtt-3 = 主题长度，16 位
note-mqtt-4 = 主题
note-mqtt-5 = 载荷：剩余长度里余下的部分

title-smtp = SMTP DATA：一行分隔符，外加对长得像它的行的转义
note-smtp-1 = 消息里的一行
note-smtp-2 = ".sticky" 这一行：行首的点写两遍（dot-stuffing）
note-smtp-3 = 只有一个点的一行：消息到此结束

title-redis = Redis RESP：用文本行携带个数和长度，再按长度读字节
note-redis-1 = 一个有 2 个元素的数组：个数写在一行里
note-redis-2 = 一个 4 字节的批量字符串：长度写在一行里
note-redis-3 = 这 4 个字节，后跟 CRLF
note-redis-4 = 一个 13 字节的批量字符串
note-redis-5 = 这些字节，后跟 CRLF：按长度读，所以字节里本身可以有 CRLF
