# docker exec -u USER[:GROUP] and -w DIR: the container's passwd and group decide; runc checks the directory.
docker run -d --name ux alpine sleep 300
docker exec ux id
docker exec -u nobody ux id
docker exec -u 1234 ux id
docker exec -u 65534:1 ux id
docker exec -u nobody:nogroup ux id -un
docker exec -u 1234 ux id -un
docker exec -u nobody2 ux id
docker exec -u nobody:nosuchgroup ux id
docker exec -w /tmp ux pwd
docker exec -u nobody -w /etc ux sh -c 'pwd; id -un'
docker exec -w /nope ux pwd
docker exec -w rel ux pwd
docker run -d --name uy -u nobody alpine sleep 300
docker exec uy id
docker exec -u root uy id -un
docker rm -f ux uy
