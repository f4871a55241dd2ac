# 演示 05（length-prefix）的中文。英文在 i18n/en/demo05.ftl；两边的消息或
# 变量不一致时，测试（cargo test --bin sticky i18n）会失败。
# 要对齐成列的数字，代码已经补好了空格。术语以 docs/zh/glossary.md 为准。

reading = 服务端：逐帧读取，每一帧原样回显
reading-seeded = 服务端：经重新分段器读取帧（种子 { $seed }，每次读 1 到 { $piece } 字节），每一帧原样回显
peer-demo = 演示客户端
peer-liar = 一个声称要发 4 GiB 的对端
peer-quitter = 一个帧发到一半就挂断的对端
# $peer：上面三个对端之一。
accepted-peer = 服务端：接受了一个连接，来自{ $peer }
# $peer：一个地址。
accepted = 服务端：接受了一个连接，来自 { $peer }
closed-cleanly = 服务端：客户端在 { $n } 帧之后正常关闭了连接
dropped = 服务端：断开了这个连接：{ $error }
echoed-whole = { $sent } 条中有 { $matched } 条完整回显
# 每条都完整回显时。
echoed-all = 全部完整回显{ $sent ->
       *[other] {""}
    }
# $whole：上面那句。
result = 结果：发出 { $sent } 条消息，{ $whole }，其中 { $large } 字节的那条也装在一个帧里
overhead = 开销：消息共 { $payload } 字节，长度字段共 { $header } 字节
# 代码会补齐到 9 列。
frame-nth = 第 { $n } 帧
frame = { $nth } { $len } 字节  { $shown }  完整
long-frame = 消息 { $n }：{ $len } 字节
quiet = … 已超过 { $shown } 帧：之后的帧照常回显并计数，不再显示
summary = … 共 { $frames } 帧，载荷 { $bytes } 字节
serving = 服务端：正在监听 { $addr }，长度字段 struct '{ $format }'，每帧最多 { $max } 字节（按 Ctrl-C 停止）
peer-closed = 服务端：{ $peer } 在 { $n } 帧之后正常关闭了连接
fixed-messages = 客户端：发送本演示固定的八条消息（加 --stdin 就发送你自己输入的行）
echo = 客户端：发送 [{ $sent }]，回显 [{ $echo }]
