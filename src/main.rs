fn main() {
    yizhan::start();
}
