# start -a of a finished one-shot prints its output again, with its code; restart runs it again;
# a one-shot container's log grows with each run.
docker run --name once busybox sh -c 'echo run; exit 4'
docker start -a once
docker restart once
docker wait once
docker logs once
docker start once once
docker wait once
docker logs --tail 1 once
docker start -a nope
docker stop nope once
