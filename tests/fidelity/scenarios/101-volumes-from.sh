# --volumes-from: another container's volumes at the same places; :ro; its own -v wins; the errors.
docker run -d --name vsrc -v data1:/data -v /anon alpine sleep 300
docker exec vsrc sh -c 'echo hi > /data/f; echo a > /anon/g'
docker run --rm --volumes-from vsrc alpine cat /data/f /anon/g
docker run --rm --volumes-from vsrc:rw alpine sh -c 'echo new > /data/f'
docker exec vsrc cat /data/f
docker run --rm --volumes-from vsrc:ro alpine sh -c 'echo x > /data/f'
docker run --rm --volumes-from vsrc -v other:/data alpine ls /data
docker exec vsrc cat /anon/g
docker run --volumes-from nosuch alpine true
docker run --rm --volumes-from vsrc:xx alpine true
docker rm -f vsrc
docker volume rm data1 other
