# BusyBox grep (-E -o -n -c -v -i -w -q), cut and awk over a container's files.
docker run -dit --name box alpine
docker exec box sh -c 'printf "b 2\na 10\nc 1\na 10\n" > /tmp/d; cat /etc/passwd > /tmp/p'
docker exec box sh -c 'grep -E "a|c" /tmp/d; grep -o "[0-9]*" /tmp/d; grep -n a /tmp/d; grep -c a /tmp/d; grep -v a /tmp/d; grep x /nope'
docker exec box sh -c 'grep -i A /tmp/d /tmp/p; grep -w 1 /tmp/d; grep -q a /tmp/d; echo $?'
docker exec box sh -c 'cut -d: -f1,3 /tmp/p; cut -c1-3 /tmp/d; cut -d" " -f2 /tmp/d'
docker exec box sh -c 'awk "{print \$2, \$1}" /tmp/d; awk -F: "{print \$1}" /tmp/p; awk "NR==2" /tmp/d; awk "{s+=\$2} END {print s}" /tmp/d'
docker exec box sh -c 'awk -F: "\$3 >= 33 {print \$1 \" uid=\" \$3}" /tmp/p; awk "/a/ {print NR\": \"\$0}" /tmp/d; awk "{print NF, length(\$0)}" /tmp/d'
