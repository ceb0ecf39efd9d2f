"""Prints N free TCP ports on 127.0.0.1 (default 1), one a line, for the throwaway servers (mariadb.sh, galera.sh).

They are picked outside the kernel's ephemeral range (net.ipv4.ip_local_port_range): a port there may be taken at any
moment by an outgoing connection, and a Galera node listens on its IST port only while it rejoins, so a port picked
there once was found taken when a node restarted ("Failed to open IST listener ... Address already in use").
"""
import random
import socket
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1
with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
    low, high = (int(x) for x in f.read().split())
# Below the ephemeral range when there is room, else above it.
first, last = (10000, low - 1) if low > 11000 else (high + 1, 65535)
picked = []
while len(picked) < count:
    port = random.randint(first, last)
    if port in picked:
        continue
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    picked.append(port)
print("\n".join(str(p) for p in picked))
