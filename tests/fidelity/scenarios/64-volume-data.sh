# Data written through a named volume is seen by every container that mounts it and outlives them.
docker volume create data
docker run -dit --name w1 -v data:/data alpine
docker exec w1 sh -c 'echo saved > /data/note; mkdir /data/sub; echo deep > /data/sub/f'
docker run -dit --name w2 -v data:/srv alpine
docker exec w2 cat /srv/note
docker exec w2 ls /srv
docker exec w2 sh -c 'echo more >> /srv/note'
docker exec w1 cat /data/note
docker rm -f w1 w2
docker run --rm -v data:/data alpine cat /data/note /data/sub/f
docker run -dit --name ro -v data:/data:ro alpine
docker exec ro cat /data/note
docker exec ro sh -c 'echo x > /data/note'
docker exec ro sh -c 'rm /data/note'
docker exec ro sh -c 'mkdir /data/new'
docker exec ro sh -c 'touch /data/t'
docker rm -f ro
docker volume rm data
docker run --rm -v data:/data alpine ls /data
