# BusyBox sed, tr, sort and uniq over a container's files.
docker run -dit --name box alpine
docker exec box sh -c 'printf "b 2\na 10\nc 1\na 10\n" > /tmp/d; cat /etc/passwd > /tmp/p'
docker exec box sh -c 'sed "s/a/X/" /tmp/d; sed -n 2p /tmp/d; sed "s/[0-9]/N/g" /tmp/d; sed -e "1d" -e "s/ /=/" /tmp/d; sed "/c/d" /tmp/d'
docker exec box sh -c 'tr a-z A-Z < /tmp/d; tr -d " " < /tmp/d; echo hello | tr -s l'
docker exec box sh -c 'sort /tmp/d; sort -n -k2 /tmp/d; sort -r /tmp/d; sort -u /tmp/d; sort -t" " -k2,2n /tmp/d'
docker exec box sh -c 'sort /tmp/d | uniq -c; sort /tmp/d | uniq -d; sort /tmp/d | uniq -u'
