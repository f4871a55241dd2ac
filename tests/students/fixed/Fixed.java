// Fixed-length echo server in Java: DataInputStream.readFully() waits for
// a whole record. Usage: java Fixed.java HOST PORT [SIZE]
// Stops when its standard input closes.
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

public class Fixed {
    public static void main(String[] args) throws IOException {
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Thread watchdog = new Thread(() -> {
            try { while (System.in.read() != -1) { } } catch (IOException e) { }
            System.exit(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getByName(args[0]));
        System.out.println("listening on " + args[0] + ":" + server.getLocalPort());
        System.out.flush();
        while (true) {
            Socket s = server.accept();
            new Thread(() -> serve(s, size)).start();
        }
    }

    static void serve(Socket socket, int size) {
        try (Socket s = socket) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            byte[] record = new byte[size];
            while (true) {
                in.readFully(record);
                out.write(record);
            }
        } catch (EOFException e) {
            // closed between records, or inside one
        } catch (IOException e) {
            // this client only
        }
    }
}
