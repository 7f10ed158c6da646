# docker port in all its forms.
docker run -d --name web -p 8080:80 -p 127.0.0.1:8443:443 nginx
docker run -d --name udp -p 5353:53/udp alpine sleep 300
docker port web
docker port web 80
docker port web 443/tcp
docker port web 81
docker port udp
docker port udp 53/udp
docker port nosuch
docker run -dit --name quiet alpine ash
docker port quiet
