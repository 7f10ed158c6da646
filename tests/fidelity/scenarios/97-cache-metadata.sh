# The cache follows instructions too: a changed ENV rebuilds from there on; an unchanged prefix is reused.
printf 'FROM busybox\nENV A=1\nRUN echo one\nCMD ["sh"]\n' > Dockerfile
docker build -t m1 .
printf 'FROM busybox\nENV A=2\nRUN echo one\nCMD ["sh"]\n' > Dockerfile
docker build -t m1 .
printf 'FROM busybox\nENV A=2\nRUN echo one\nCMD ["echo", "x"]\n' > Dockerfile
docker build -t m1 .
