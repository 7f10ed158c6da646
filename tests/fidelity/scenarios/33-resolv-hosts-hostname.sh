# fresh-engine
# /etc/resolv.conf, /etc/hosts and hostname on the default bridge vs a user network.
docker network create usernet
docker run -dit --name onbridge alpine ash
docker run -dit --name onuser --network usernet alpine ash
docker run -dit --name named --hostname myhost --network usernet alpine ash
docker exec onbridge cat /etc/resolv.conf
docker exec onuser cat /etc/resolv.conf
docker exec onbridge cat /etc/hosts
docker exec onuser cat /etc/hosts
docker exec named cat /etc/hosts
docker exec named hostname
docker exec onuser ping -c 1 myhost
docker exec onuser nslookup named
docker exec onbridge nslookup onuser
docker exec onuser nslookup nosuchhost
