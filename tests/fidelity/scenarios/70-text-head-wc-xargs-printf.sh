# head, tail, wc, xargs, tee, cat -n, printf, id, basename, seq, a pipeline, and the applets' usage errors.
docker run -dit --name box alpine
docker exec box sh -c 'printf "b 2\na 10\nc 1\na 10\n" > /tmp/d; cat /etc/passwd > /tmp/p'
docker exec box sh -c 'head -n 2 /tmp/d; tail -n 1 /tmp/d; head -1 /tmp/p; tail -n +3 /tmp/d; head /nope'
docker exec box sh -c 'wc -l /tmp/d; wc /tmp/d /tmp/p; wc -c < /tmp/d; wc -w /tmp/d'
docker exec box sh -c 'echo a b c | xargs echo x; printf "1\n2\n" | xargs -n1 echo n; echo hi | tee /tmp/t; cat /tmp/t; echo more | tee -a /tmp/t >/dev/null; cat -n /tmp/t'
docker exec box sh -c 'printf "%5d|%-5s|%x|%o|%.2f|%c|%%\n" 42 ab 255 8 3.14159 zed; printf "%s\n" a b c; printf "%03d\n" 7'
docker exec box sh -c 'id; id -u; id -un; whoami; basename /a/b/c.txt .txt; dirname /a/b/c; seq 3; seq 2 4'
docker exec box sh -c 'cat /tmp/d | grep a | sort | uniq | wc -l'
docker exec box sh -c 'nosuchtool; grep; cut; awk; sed'
