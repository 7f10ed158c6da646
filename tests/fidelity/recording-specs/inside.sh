# fresh-engine
docker network create alpine-net
docker run -dit --name alpine1 --network alpine-net alpine ash
docker run -dit --name alpine2 alpine ash
docker run -dit --name alpine3 --hostname myhost alpine ash
docker run -dit --name multi --network alpine-net alpine ash
docker network connect bridge multi
docker exec alpine1 ip addr
docker exec alpine1 ip -4 addr show
docker exec alpine1 ip -4 addr show eth0
docker exec alpine1 ip -4 -o addr
docker exec alpine1 ip route
docker exec alpine1 ip link
docker exec alpine2 ip -4 addr show
docker exec alpine2 ip route
docker exec multi ip -4 addr show
docker exec multi ip route
docker exec alpine1 ifconfig
docker exec alpine1 hostname
docker exec alpine3 hostname
docker exec alpine1 hostname -i
docker exec alpine1 cat /etc/hosts
docker exec alpine2 cat /etc/hosts
docker exec alpine3 cat /etc/hosts
docker exec multi cat /etc/hosts
docker exec alpine1 cat /etc/resolv.conf
docker exec alpine2 cat /etc/resolv.conf
docker exec multi cat /etc/resolv.conf
docker exec alpine1 cat /etc/hostname
docker exec alpine1 getent hosts alpine1
docker exec alpine1 curl -s http://alpine2/
docker exec alpine1 nosuchcmd
docker exec alpine1 sh -c 'exit 5'
docker exec alpine1 netstat -tln
docker exec alpine1 route -n
docker exec alpine1 arp -n
docker exec alpine1 traceroute -n -w 1 -m 2 172.18.0.1
docker exec alpine1 uname -s
docker exec alpine1 cat /etc/os-release
docker exec alpine1 whoami
docker exec alpine1 env
