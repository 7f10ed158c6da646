# File owners under -u: what a user writes is theirs (ls -l, ls -ln); root's directories and other users' modes refuse it with the kernel's errors.
docker run -d --name uu busybox sleep 600
docker exec -u 1000 uu touch /tmp/x
docker exec -u www-data uu sh -c 'echo x > /tmp/w'
docker exec -u 1000:33 uu mkdir -p /tmp/d/e
docker exec uu sh -c "ls -ln /tmp | awk '{print \$1, \$3, \$4, \$5, \$NF}'"
docker exec uu sh -c "ls -l /tmp | awk '{print \$3, \$4, \$NF}'"
docker exec -u 1000 uu touch /etc/y
docker exec -u 1000 uu sh -c 'echo a > /root/z'
docker exec -u 1000 uu mkdir /opt
docker exec -u 1000 uu rm /etc/group
docker exec -u 1000 uu sh -c 'echo x >> /etc/group'
docker exec uu touch /tmp/rootfile
docker exec -u 1000 uu rm -f /tmp/rootfile
docker exec -u 1000 uu chmod 777 /etc/group
docker exec -u 1000 uu cp /etc/group /etc/g2
docker exec -u 1000 uu ln -s /x /etc/l
docker exec -u 1000 uu sh -c 'chmod 600 /tmp/x; mkdir /tmp/m; chmod 700 /tmp/m'
docker exec -u 2000 uu cat /tmp/x
docker exec -u 2000 uu rm /tmp/x
docker exec -u 2000 uu ls /tmp/m
docker exec -u 2000 uu touch /tmp/m/f
docker exec -u 1000 uu mv /tmp/x /etc/x
docker exec uu cat /tmp/x
docker run --rm -u 1000 busybox sh -c "touch /tmp/a; ls -ln /tmp | awk '{print \$3, \$4, \$NF}'; touch /a"
docker rm -f uu
# id names any user the image's passwd lists, and refuses one it does not.
docker exec uu id www-data
docker exec uu id -un 33
docker exec uu id nosuch
