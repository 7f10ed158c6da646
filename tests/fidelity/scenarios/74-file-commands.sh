# cp, mv, rm -r, rmdir, ln -s and test over a container's files, with BusyBox's errors.
docker run -dit --name box alpine
docker exec box sh -c 'mkdir -p /w/a/b && echo x > /w/a/b/f && cp -r /w/a /w/c && ls /w /w/c/b'
docker exec box sh -c 'mv /w/c /w/d && ls /w; cp /w/a /w/e'
docker exec box sh -c 'rmdir /w/a; rm -r /w/a && ls /w'
docker exec box sh -c 'cp /nope /w; mv /nope /w; rm /w/d'
docker exec box sh -c 'ln -s /w/d/b/f /w/link && cat /w/link && [ -L /w/link ] && echo link'
docker exec box sh -c '[ -f /w/d/b/f ] && echo file; [ -d /w/d ] && echo dir; [ -e /w/nope ] || echo missing; [ -s /w/d/b/f ] && echo nonempty'
docker exec box sh -c 'test 3 -gt 2 && echo gt; [ "a" = "a" ] && echo eq; [ -z "" ] && echo empty; [ 1 -lt ]; echo $?'
