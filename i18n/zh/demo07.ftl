# 演示 07（lines）的中文。英文在 i18n/en/demo07.ftl；两边的消息或变量不一致时，
# 测试（cargo test --bin sticky i18n）会失败。要对齐成列的数字，代码已经补好了
# 空格。服务端的回答（"line 1, 5 bytes: hello"）是传输格式的一部分，不在这里翻译。
# 术语以 docs/zh/glossary.md 为准。

part-1 = 第 1 部分：八行分四次写出，有的粘在一起，有的被拆开
wrote = 客户端：第 { $i } 次写  { $n } 字节  { $bytes }
# 代码会补齐到 7 列。
framed-nth = 第 { $n } 行
framed = 服务端：{ $nth } { $len } 字节  [{ $line }]  完整
quiet = 服务端：已超过 { $shown } 行：之后的行照常回答并计数，不再显示
summary = 服务端：共 { $lines } 行，{ $bytes } 字节
answer = 客户端：回答    { $line }
part-1-result = 结果：{ $writes } 次写，分出 { $framed } 行，发出 { $sent } 行收到 { $answers } 个回答：换行符找回了每一个边界
part-2 = 第 2 部分：陷阱：消息里本身就有分隔符
naive = 客户端：原样发送      { $bytes }
escaped = 客户端：转义后发送    { $bytes }
pitfall-result = 结果：{ $verdict }
pitfall = 原样发送的一条消息变成了 { $extra } 行：它里面的换行符提前结束了第一行
codec-refuses = Lines 编解码器拒绝发送它：{ $error }
# $verdict：下面两句之一。
fix = 办法：转义后它作为一行 [{ $carried }] 传过去，反转义得到 [{ $restored }]，{ $verdict }
fix-as-sent = 正是发出的那条消息
fix-not-as-sent = 不是发出的那条消息
# 印在上一行标签之后的文字下面。
other-fix = 或者改用解法二（长度字段）发送可能含换行符的数据（演示 05）
part-3 = 第 3 部分：一个从不发送换行符的对端
flood = 客户端：发送 { $n } 个字节的 'x'，没有换行符
dropped = 服务端：断开了这个连接：{ $error }
limit = 每次读之前都先检查上限：一行迟迟没有换行符，缓冲区最多也只有 { $max } 字节再加一次读到的字节
serving = 服务端：正在监听 { $addr }，每行最多 { $max } 字节（按 Ctrl-C 停止）
accepted = 服务端：接受了一个连接，来自 { $peer }
closed = 服务端：{ $peer } 在 { $n } 行之后正常关闭了连接
connect-result = 客户端：发出 { $sent } 行，收到 { $answers } 个回答
