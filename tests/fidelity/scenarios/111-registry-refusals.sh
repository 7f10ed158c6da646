# Pushes the daemon refuses: Docker Hub (no way out of the LAN), an image it does not have, a registry
# reached by an address that is not the loopback (HTTPS to a plain-HTTP registry) and a web server that is
# not a registry.
docker run -d -p 5000:5000 --name registry registry:2
# The registry takes a moment to listen; a request before that gets EOF from the published port.
sleep 2
docker push busybox
docker push myapp
docker tag busybox 192.168.1.10:5000/bb
docker push 192.168.1.10:5000/bb
docker pull 192.168.1.10:5000/bb
docker run -d -p 8080:80 --name web nginx
docker pull localhost:8080/app
