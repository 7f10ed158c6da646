# --mount volumes and tmpfs: tmpfs data is gone after a restart, volume data stays.
docker run -dit --name mt --mount type=volume,source=keep,target=/keep --mount type=tmpfs,target=/scratch alpine
docker exec mt sh -c 'echo k > /keep/a; echo s > /scratch/a; cat /keep/a /scratch/a'
docker exec mt ls /scratch
docker stop -t 0 mt
docker start mt
docker exec mt cat /keep/a
docker exec mt ls /scratch
docker rm -f mt
docker run --rm --mount type=volume,source=keep,target=/k,readonly alpine sh -c 'cat /k/a; echo x > /k/b'
