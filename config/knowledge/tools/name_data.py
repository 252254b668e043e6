"""Hand-written given-name lists for build_names.py (written for Herald).

These are common given names in the spellings English-language news wires
use, grouped by tradition.  Lists of names are facts; nothing here is copied
from a proprietary database.
"""

ARABIC = """
Abbas Abd Abdel Abdelaziz Abdelfattah Abdelhakim Abdelkader Abdellah Abdelmadjid Abdelmalek
Abdelrahman Abdelwahab Abdul Abdulaziz Abdulhamid Abdulkarim Abdullah Abdullahi Abdulla
Abdulmalik Abdulrahman Abdurrahman Abdel-Fattah Abdel-Aziz Abdel-Rahman Abdelilah Abed Abu
Adel Adib Adil Adnan Afaf Ahlam Ahmad Ahmed Ahmet Aisha Aishah Ayesha Akram Ala Alaa Ali
Amal Amani Amer Amin Amina Aminah Amir Amira Ammar Amr Anas Anwar Aref Arif Asaad Asad
Asma Atef Ayman Aymen Ayoub Azhar Aziz Aziza Badr Badreddine Bakr Bashar Bashir Basil Basma
Bassam Bassem Bilal Boutros Dalia Dina Diab Ehab Emad Essam Fadi Fadia Fadl Fahad Fahd
Faisal Faiza Fares Farid Farida Farouk Farouq Faruq Fathi Fatima Fatma Fatmah Fawaz Fawzi
Fayez Fayiz Firas Fouad Fuad Ghada Ghassan Ghazi Habib Hadi Hafez Hafiz Hajj Hala Hamad
Hamadi Hamdan Hamdi Hamid Hamza Hana Hanan Hani Haniyeh Haroun Harun Hasan Hashem Hashim
Hassan Hatem Haitham Haytham Hazem Heba Hesham Hisham Hossam Hosni Hussain Hussein Husam
Ibrahim Ihab Imad Iman Iyad Izzat Jaber Jabir Jafar Jaafar Jalal Jamal Jamil Jamila Jasim
Jassim Jawad Kamal Karam Karim Karima Khaled Khalid Khalifa Khalil Khairy Lahcen Laila
Layla Leila Lina Lubna Mahdi Maher Mahmoud Mahmud Majed Majid Malak Malek Malik Mamdouh
Mansour Mansur Marwan Maryam Mazen Mohamad Mohamed Mohammad Mohammed Mohamud Mohannad Moncef
Mostafa Motasem Muammar Mouammar Mounir Moussa Muhammad Muhammed Muhannad Munir Murad Musa
Mustafa Mustapha Nabil Nabih Nada Nadia Nadim Naguib Naif Nader Nadir Najib Najla Nasser
Nasir Nawaf Nawal Nayef Nazih Nizar Noor Nour Nouri Nuri Nureddin Omar Omer Osama Ossama
Othman Ousama Qasim Qassem Qais Rabih Rafik Rafiq Raed Rami Rania Rashad Rashid Rasha
Rasheed Ratib Reem Ridha Rima Riyad Riad Saad Saddam Sabah Sabri Sadiq Sadeq Saeb Saeed
Safwan Said Saif Saleh Salem Salim Salah Salam Salma Salman Samer Samir Samira Sami Sana
Sayed Sayyid Shadi Shakib Sharif Sherif Suhail Suhair Sulaiman Suleiman Tahir Taher
Talal Tamer Tamim Tareq Tarek Tariq Tawfiq Tawfik Thamer Turki Usama Wael Waleed Walid Wasim
Yahya Yasin Yaseen Yasmin Yasmine Yasser Yasir Yazid Youssef Yousef Yusuf Yousif Zaid Zayed
Zakaria Zakariya Zeinab Zainab Ziad Zuhair
""".split()

PERSIAN_TURKIC_CAUCASIAN = """
Abbas Abolfazl Akbar Alireza Amirhossein Ardeshir Arash Babak Bahram Behrouz Bijan Dariush
Davoud Ebrahim Ehsan Esmaeil Esmail Farhad Fereydoun Gholamreza Hamidreza Hassan
Hossein Javad Jafar Kamran Kaveh Kazem Khosrow Mahmoud Majid Manouchehr Massoud Masoud
Mehdi Mehrdad Mohsen Mojtaba Morteza Nasrin Parviz Payam Qasem Ramin Reza Rouhollah Saeed
Shirin Sohrab Vahid Yadollah Zahra
Ahmet Ali Alparslan Binali Bulent Bülent Burak Cem Cevdet Devlet Ekrem Emine Emre Erdal
Ertugrul Ertuğrul Fatih Hakan Hulusi Hüseyin Ibrahim Ismail Kemal Levent Mehmet
Meral Mevlut Mevlüt Murat Mustafa Nurettin Numan Omer Ömer Recep Selahattin Serdar Suleyman
Süleyman Tayyip Yasar Yaşar Yildirim Yusuf
Ilham Mehriban Elmar Jeyhun Novruz Nursultan Kassym-Jomart Kassym Askar Karim Islam Shavkat
Emomali Sooronbay Almazbek Gurbanguly Serdar Rustam Abdulaziz Sadyr Zhanibek
Levan Giorgi Mikheil Irakli Bidzina Salome Eduard Zurab Nika
Serzh Nikol Armen Robert Levon Zohrab Edward
""".split()

RUSSIAN_UKRAINIAN = """
Aleksandr Aleksander Alexander Alexandr Alexei Aleksei Alexey Aleksey Alla Anastasia Anatoly
Anatoliy Anatolii Andrei Andrey Andriy Anna Anton Arkady Arseniy Arseny Arsen Artem Artyom
Bogdan Bohdan Boris Denis Dmitri Dmitry Dmytro Eduard Elena Elvira Evgeny Evgeniy Fyodor
Galina Gennady Gennadiy Georgy Grigory Gleb Igor Ihor Ilya Irina Iryna Ivan Kirill Konstantin
Ksenia Larisa Leonid Lyudmila Ludmila Maksim Maxim Mykhailo Mikhail Mykola Nadezhda Nadiya
Natalia Natalya Nikita Nikolai Nikolay Oksana Oleg Oleh Olga Pavel Pavlo Petro Petr Pyotr
Roman Ruslan Sergei Sergey Serhiy Serhii Stanislav Svetlana Taras Tatiana Tatyana Valentina
Valentin Valery Valeriy Vasily Vasyl Viktor Vitaly Vitali Vitalii Vitaliy Vladimir Volodymyr
Vladislav Vyacheslav Yakov Yevgeny Yevgeniy Yekaterina Ekaterina Yelena Yulia Yuliya Yury
Yuri Yuriy Zakhar Arseniy Oleksandr Oleksiy Oleksii Andrii Yevhen Viktoriia Ramzan Akhmad
Sergiy Valeriya Kseniya Anzhela Lyubov Tamara Zinaida Marina Maria Mariya Daria Darya
""".split()

CHINESE_PINYIN = """
Jinping Keqiang Yi Wei Jiechi Qishan Yang Xiaoping Zemin Jintao Wenbao Huning Zhengsheng
Jiabao Yunshan Gaoli Lijun Liqun Xiaochuan Gang Chang Chun Fang Fei Feng Gui Guo Hai Hao
Hong Hua Hui Jia Jian Jiang Jie Jin Jing Jun Kai Lan Lei Li Lin Ling Long Mei Min Ming
Na Ning Peng Ping Qiang Qing Qiu Rong Shan Sheng Shu Tao Ting Wen Xia Xian Xiao Xin Xing
Xiu Xue Yan Ying Yong Yu Yuan Yun Zhen Zhi Zhong Zhou Jianguo Jianhua Jianjun Xiaoming
Xiaohong Xiaoyan Zhiqiang Zhiwei Guoqiang Haiyan Hongmei Junjie Lihua Lili Meiling Weiwei
Xiaoli Yanping Yuxin Zhenhua Yingwen Ing-wen Jiu-jie Ying-jeou Chien-jen Shui-bian
Chen-chung Kuan-chung Tsai-ying Wei-hua Zhong-shan Ka-ming Kin-man Chun-ying Yuet-ngor
Qiangwei Weixing Xiangdong Hongwei Zhaoxing Yesui Kui Fengzhi Wanquan Lijian Chunying
Jianchao Zhaoxu Qiaoqiao Yunxian Yisheng
""".split()

KOREAN_JAPANESE_SEA = """
Jong-un Jong-il Il-sung Yo-jong Yong-ho Yong-nam Su-yong Kyong-hui Song-nam Chol Myong-gil
Jae-in Geun-hye Myung-bak Moo-hyun Dae-jung Ki-moon Kyung-wha Byung-se Sung-yong
Suk-yeol Kyo-ahn Nak-yon Eui-yong Hyun-soo Jin-woo Min-jun Seo-yeon Ji-hoon
Shinzo Taro Fumio Yoshihide Yoshihiko Naoto Yukio Junichiro Itsunori Tomomi Gen Nobuo
Takeshi Takashi Hiroshi Hiroshige Haruhiko Akihito Naruhito Masako Hideki Kenji Koichi
Toshimitsu Yasuhisa Sadakazu Katsuya Hiroaki Yuriko Seiko Shigeru Masahiko Akira
Atsushi Daisuke Ichiro Kazuo Kenichi Makoto Masaru Minoru Satoshi Shinji Tetsuya Yoshiro
Phuc Trong Minh Tuan Hung Dung Thanh Binh Xuan Quang Duc Anh
Joko Jokowi Susilo Bambang Megawati Retno Prabowo Ryamizard Wiranto Ma'ruf Jusuf Luhut
Najib Mahathir Muhyiddin Anwar Hishammuddin Saifuddin Zahid Wan Azizah
Rodrigo Benigno Gloria Teodoro Delfin Ferdinand Leni Salvador
Prayut Prayuth Yingluck Thaksin Abhisit Prawit Don Vajiralongkorn Bhumibol Sirikit
Thongloun Bounnhang Aung Htin Halimah Vivian Sok Hor Namhong Chan-ocha
""".split()

SOUTH_ASIAN = """
Aamir Abhishek Aditya Ajay Ajit Akhilesh Akshay Amit Amitabh Anand Anil Anupam Arjun Arun
Arvind Ashok Ashraf Asif Atal Benazir Bilawal Chandrababu Deepak Devendra Dinesh Gautam
Harsh Hamid Imran Inder Jaishankar Jawaharlal Jitendra Kapil Kiran Krishna Lalu Mamata
Manmohan Manohar Mayawati Mukesh Mulayam Nawaz Narendra Nirmala Nitin Nitish Pervez Prakash
Pranab Prashant Priyanka Qamar Rahul Raj Rajiv Rajnath Ram Ramnath Ravi Sachin Sanjay
Shahbaz Shahid Shashi Shehbaz Sonia Subrahmanyam Sushma Suresh Uddhav Venkaiah Vijay
Yashwant Yogi Javed Raheel Ashfaq Makhdoom Khawaja Mahmood Ishaq Hina Sartaj Ahsan Maryam
Fazlur Pervaiz Yousaf Raza Shaukat Hasina Khaleda Abul Tarique Sajeeb Gotabaya Mahinda
Maithripala Ranil Chandrika Pushpa Kamal Sher Bahadur Baburam Bidya Devi Haneef Tahir
Zubair Zafar Waqar Shoaib Inzamam Babar Sarfaraz Fawad Farooq Mehbooba Syed Salahuddin
Hafiz Masood Amrullah Zalmay Hanif Rangin Ashraf Abdul Gulbuddin Burhanuddin Sibghatullah
Hamid Zabihullah Akhtar Haibatullah Sirajuddin Jalaluddin Baitullah Hakimullah
Fazlullah Noor Wali Aarti Aishwarya Anjali Ananya Deepika Divya Kavita Lakshmi Meena Neha
Pooja Priya Radha Rekha Sita Smriti Sunita Swati Arvinder Gurpreet Harpreet Jaswant Manpreet
Navjot Parkash Sukhbir Amarinder Rajesh Ramesh Mahesh Ganesh Dilip Prem Sunil Vinod Vivek
""".split()

AFRICAN = """
Abiy Amadou Ahmadou Alassane Blaise Cyril Denis Ellen Emmerson Fatou Faure Felix Félix
Goodluck Hage Hailemariam Idriss Isaias Jacob Jakaya Joseph Macky Mahamadou Muhammadu
Mokgweetsi Nana Ngozi Olusegun Paul Pierre Riek Roch Salva Teodoro Thabo Uhuru Umaru Yahya
Yoweri William Raila Kofi Boutros Nelson Winnie Desmond Robert Morgan Edgar Hakainde Peter
Lazarus Filipe Armando João Joao Ibrahim Boubacar Assimi Bah Mohamed Laurent Simone Henri
Alpha Ernest Julius George Dankwa Dramani Jerry Abdelaziz Abdelmadjid Beji Kais Moncef
Hosni Fayez Khalifa Muammar Abdalla Hamdan Faustin-Archange Catherine Michel Evariste
Agathon Adama Ousmane Aminata Sahle-Work Mulatu Debretsion Jeanine Patrice Moïse Moise
Chinedu Chiamaka Chukwuemeka Emeka Nnamdi Obinna Ifeanyi Uchenna Adaeze Oluwaseun Olumide
Ayodele Babatunde Funmilayo Folake Kunle Tunde Yemi Bola Femi Segun Atiku Bukola Yemi
Kwame Kwabena Kwaku Kojo Yaw Akosua Ama Abena Efua Adwoa Kweku Kwesi Thandiwe Themba Sipho
Lindiwe Nomvula Bongani Zodwa Jabulani Mandla Nkosana Nkosazana Mmusi Mosiuoa Naledi Malusi
Gwede Baleka Wanjiku Wanjiru Wambui Njeri Akinyi Atieno Muthoni Amani Baraka Imani Juma
Kassim Rehema Zawadi Neema Tumaini Halima Mwajuma Salim Moussa Mahamat Hissène Hissene
Tidjani Oumar Aboubakar Issa Moustapha Souleymane Seydou Modibo Cheick Mamadou Ibrahima
Aliou Demba Cheikh Sheikh Abubakar Aliyu Bola Nasir Nuhu Rotimi Kayode Kashim Babagana
Abubakar Shekau Mamman Yakubu Sani Sanusi Lamido Aminu Garba Musa Tukur Hadiza Aisha
Mnangagwa Chiwenga Nelson Tendai Tatenda Tinashe Farai Rutendo Chipo Nyasha Blessing
""".split()

EUROPEAN_AMERICAS_EXTRA = """
Angela Emmanuel François Francois Jean-Yves Jean-Marc Jean-Claude Jean-Luc Jean-Pierre
Jean-Marie Jean-Baptiste Marie-Christine Ségolène Segolene Manuel Nicolas Laurent Édouard
Edouard Florence Bruno Gérald Gerald Marine Marion Benoît Benoit Hervé Herve Rémi Remi
Jérôme Jerome Frédéric Frederic Thierry Olivier Xavier Yves Didier Matteo Giuseppe Sergio
Silvio Paolo Enrico Mario Luigi Angelino Federica Emma Beppe Pedro Mariano Alfonso Josep
Carles Jose José Luis Felipe Letizia Juan Carlos Iñigo Inigo Íñigo Mauricio Cristina
Nicolás Gustavo Álvaro Alvaro Sebastián Sebastian Michelle Evo Rafael Lenín Lenin Dilma
Michel Jair Luiz Inácio Inacio Andrés Andres Enrique Vicente Tabaré Tabare Horacio Ollanta
Pablo Martín Martin Iván Ivan Danilo Jimmy Otto Daniel Violeta Nayib Orlando Raúl Raul
Fidel Miguel Justin Stephen Chrystia Jens Anders Stefan Magdalena Ulf Margot Erna Sanna
Antti Sauli Mette Lars Rutte Stef Sigrid Wopke Charles Sophie Alexander Ursula Donald Herman
Catherine Heinz-Christian Viktor Andrej Miloš Milos Petr Robert Zuzana Igor Andrzej Mateusz
Jarosław Jaroslaw Beata Ewa Klaus Dacian Viorica Ludovic Rumen Boyko Aleksandar Ivica
Milorad Milo Zoran Hashim Albin Edi Alexis Kyriakos Prokopis Nikos Kolinda Borut Marjan
Janez Dalia Gitanas Linas Raimonds Egils Krišjānis Krisjanis Kersti Jüri Juri Kaja Urmas
Alar Theresa Boris Jeremy Keir Nicola Jacinda Malcolm Scott Tony Kevin Julia Marise
Winston Bill John Donald Hillary Barack Joe Kamala Mike Rex Antony Condoleezza Susan
Samantha Nikki Kelly Chuck Nancy Mitch Paul Lindsey Bernie Elizabeth Ted Marco Jeb Ben
Jared Ivanka Melania Steve Rudy Sean Sarah Kellyanne Volodymyr Petro Arseniy Yulia
""".split()

# Lower-case forms that are never accepted as given names: function words,
# titles and very common words whose capitalised form is almost never a name
# in news copy.  (Kept separate from ambiguity: see build_names.py.)
NEVER = set("""
a about above after again against al all also am an and any are as at away back bad be
because been before being below best better between big both but by can could day days
did do does done down during each east el even ever every few first for free from further
general get go god good got great had has have he her here him his how however i if in
into is it its just last least less let like little long lot made major make man many
me men might miss more most much must my near never new next no nor north not now of off
often oh ok old on once one only or other our out over own part per place put rather
really right said same say see seen she should since so some south still such take than
that the their them then there these they this those though through to too two under
until up upon us very was way we well were west what when where which while  who whom why
with within without would yes yet you your
one two three four five six seven eight nine ten eleven twelve hundred thousand million
monday tuesday wednesday thursday friday saturday sunday january february march july
september october november december spring summer autumn winter
president minister chancellor king queen prince princess duke duchess lord lady sir
baron count bishop pope cardinal sheikh emir sultan imam judge justice chief captain
colonel sergeant lieutenant commander admiral marshal private major general governor senator
doctor professor deputy speaker mayor police army navy royal republic party union state
states city county street church news press times post journal america american british
english french german russian chinese muslim islam islamic jewish arab kurd
ibn bin bint binti le la de da del della di du des der den van von ter ten dos das
""".split())

# Kept as given names but always treated as ambiguous (they are also
# particles, adjectives or parts of place names).
AMBIGUOUS_EXTRA = set("""
Abu Christian Marine Gang Harsh Dung Sultan Major Earl Prince Duke Baron Bishop
""".split())
